namespace Workbench.Contracts;

/// <summary>
/// What the official ODCS JSON schema of one <c>apiVersion</c> allows and forbids, as facts the parser lints by: a field or
/// value the schema forbids is an error; one it allows that Workbench cannot act on is at most a warning. The facts were
/// read from bitol-io/open-data-contract-standard's <c>schema/odcs-json-schema-v3.*.json</c>; ContractStandardTests pins
/// them with one contract per fact (the schema files themselves are not copied here).
/// </summary>
public sealed record ContractStandard
{
    private static readonly string[] TopV300 =
        ["version", "kind", "apiVersion", "id", "name", "tenant", "tags", "status", "servers", "dataProduct", "description", "domain", "schema",
         "support", "price", "team", "roles", "slaDefaultElement", "slaProperties", "customProperties", "contractCreatedTs"];

    private static readonly string[] ObjectV30 =
        ["name", "physicalName", "physicalType", "logicalType", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties",
         "dataGranularityDescription", "properties", "quality"];

    private static readonly string[] PropertyV300 =
        ["name", "physicalType", "logicalType", "logicalTypeOptions", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties",
         "primaryKey", "primaryKeyPosition", "required", "unique", "partitioned", "partitionKeyPosition", "classification", "encryptedName",
         "transformSourceObjects", "transformLogic", "transformDescription", "examples", "criticalDataElement", "quality", "items", "properties"];

    private static readonly string[] QualityV30 =
        ["type", "rule", "query", "engine", "implementation", "description", "dimension", "method", "name", "schedule", "scheduler", "severity", "tags",
         "unit", "businessImpact", "customProperties", "authoritativeDefinitions", .. QualityOperator.Keys.Keys];

    private static readonly string[] SlaV30 = ["property", "value", "valueExt", "unit", "element", "driver"];

    private static readonly string[] ServerV30 = ["server", "type", "description", "environment", "roles", "customProperties"];

    /// <summary>Every field some server type has (ServerSource), beside the common ones.</summary>
    private static readonly string[] ServerSourceFields =
        ["account", "catalog", "database", "dataset", "delimiter", "endpointUrl", "format", "host", "location", "path", "port", "project", "region",
         "regionName", "schema", "serviceName", "stagingDir", "warehouse"];

    private static readonly LogicalType[] TypesV30 =
        [LogicalType.String, LogicalType.Date, LogicalType.Number, LogicalType.Integer, LogicalType.Object, LogicalType.Array, LogicalType.Boolean];

    private static readonly string[] ServerTypesV30 =
        ["api", "athena", "azure", "bigquery", "clickhouse", "databricks", "denodo", "dremio", "duckdb", "glue", "cloudsql", "db2", "informix", "kafka",
         "kinesis", "local", "mysql", "oracle", "postgresql", "postgres", "presto", "pubsub", "redshift", "s3", "sftp", "snowflake", "sqlserver", "synapse",
         "trino", "vertica", "custom"];

    /// <summary>The fields each server type requires (the same in every v3 version; hive, impala and zen arrived in v3.1.0).</summary>
    private static readonly Dictionary<string, string[]> ServerRequired = new(StringComparer.Ordinal)
    {
        ["api"] = ["location"], ["athena"] = ["stagingDir", "schema"], ["azure"] = ["location", "format"], ["bigquery"] = ["project", "dataset"],
        ["clickhouse"] = ["host", "port", "database"], ["databricks"] = ["catalog", "schema"], ["denodo"] = ["host", "port"], ["dremio"] = ["host", "port"],
        ["duckdb"] = ["database"], ["glue"] = ["account", "database"], ["cloudsql"] = ["host", "port", "database", "schema"], ["db2"] = ["host", "port", "database"],
        ["hive"] = ["host", "database"], ["impala"] = ["host", "database"], ["informix"] = ["host", "database"], ["zen"] = ["host", "database"], ["custom"] = [],
        ["kafka"] = ["host"], ["kinesis"] = [], ["local"] = ["path", "format"], ["mysql"] = ["host", "port", "database"], ["oracle"] = ["host", "port", "serviceName"],
        ["postgresql"] = ["host", "port", "database", "schema"], ["postgres"] = ["host", "port", "database", "schema"], ["presto"] = ["host"], ["pubsub"] = ["project"],
        ["redshift"] = ["database", "schema"], ["s3"] = ["location"], ["sftp"] = ["location"], ["snowflake"] = ["account", "database", "schema"],
        ["sqlserver"] = ["host", "database", "schema"], ["synapse"] = ["host", "port", "database"], ["trino"] = ["host", "port", "catalog", "schema"],
        ["vertica"] = ["host", "port", "database", "schema"],
    };

    /// <summary>The fields each server type has beside the common ones (v3.1.0, where servers are closed; custom has them all).</summary>
    private static readonly Dictionary<string, string[]> ServerTypeFields = new(StringComparer.Ordinal)
    {
        ["api"] = ["location"], ["athena"] = ["stagingDir", "schema", "catalog", "regionName"], ["azure"] = ["location", "format", "delimiter"],
        ["bigquery"] = ["project", "dataset"], ["clickhouse"] = ["host", "port", "database"], ["databricks"] = ["host", "catalog", "schema"],
        ["denodo"] = ["host", "port", "database"], ["dremio"] = ["host", "port", "schema"], ["duckdb"] = ["database", "schema"],
        ["glue"] = ["account", "database", "location", "format"], ["cloudsql"] = ["host", "port", "database", "schema"], ["db2"] = ["host", "port", "database", "schema"],
        ["hive"] = ["host", "port", "database"], ["impala"] = ["host", "port", "database"], ["informix"] = ["host", "port", "database"], ["zen"] = ["host", "port", "database"],
        ["custom"] = [.. ServerSourceFields, "stream"], ["kafka"] = ["host", "format"], ["kinesis"] = ["region", "format"], ["local"] = ["path", "format"],
        ["mysql"] = ["host", "port", "database"], ["oracle"] = ["host", "port", "serviceName"], ["postgresql"] = ["host", "port", "database", "schema"],
        ["postgres"] = ["host", "port", "database", "schema"], ["presto"] = ["host", "catalog", "schema"], ["pubsub"] = ["project"],
        ["redshift"] = ["host", "database", "schema", "region", "account"], ["s3"] = ["location", "endpointUrl", "format", "delimiter"],
        ["sftp"] = ["location", "format", "delimiter"], ["snowflake"] = ["host", "port", "account", "database", "schema", "warehouse"],
        ["sqlserver"] = ["host", "port", "database", "schema"], ["synapse"] = ["host", "port", "database"], ["trino"] = ["host", "port", "catalog", "schema"],
        ["vertica"] = ["host", "port", "database", "schema"],
    };

    /// <summary>The quality dimensions every version allows (the docs' abbreviations are not in the schema).</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["accuracy", "completeness", "conformity", "consistency", "coverage", "timeliness", "uniqueness"];

    /// <summary>The library metrics of v3.1.0 (<c>metric:</c>).</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"];

    public required string ApiVersion { get; init; }

    /// <summary>The top level is closed in every version: another field is an error.</summary>
    public required IReadOnlyList<string> TopLevelFields { get; init; }

    /// <summary>Schema objects are closed in every version.</summary>
    public required IReadOnlyList<string> SchemaObjectFields { get; init; }

    /// <summary>Properties (and array items) are closed in every version.</summary>
    public required IReadOnlyList<string> PropertyFields { get; init; }

    public required IReadOnlyList<LogicalType> LogicalTypes { get; init; }

    /// <summary>Quality rule fields; other fields are an error when <see cref="ClosedQualityItems"/>, else a warning.</summary>
    public required IReadOnlyList<string> QualityFields { get; init; }

    public required bool ClosedQualityItems { get; init; }

    public required IReadOnlyList<string> SlaFields { get; init; }

    public required bool ClosedSlaItems { get; init; }

    public required IReadOnlyList<string> ServerFields { get; init; }

    public required bool ClosedServers { get; init; }

    public required IReadOnlyList<string> ServerTypes { get; init; }

    /// <summary>v3.1.0: library rules name a <c>metric</c> (one of <see cref="Metrics"/>) with <c>arguments</c>; v3.0 wrote a free-text <c>rule</c>.</summary>
    public required bool MetricRules { get; init; }

    /// <summary>v3.1.0: a library or SQL rule carries exactly one operator (<c>oneOf</c>); v3.0's open rule allowed any number.</summary>
    public required bool ExactlyOneOperator { get; init; }

    /// <summary>v3.0: <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> are true/false and make <c>minimum</c>/<c>maximum</c> exclusive; v3.1 gives the bound itself.</summary>
    public required bool ExclusiveBoundsAreFlags { get; init; }

    /// <summary>The server types whose <c>schema</c> this version types as an integer: DuckDB's in v3.0.x (a mistake v3.1.0 fixed). Workbench reads text and warns.</summary>
    public IReadOnlyList<string> IntegerSchemaServerTypes => LogicalTypes.Contains(LogicalType.Timestamp) ? [] : ["duckdb"];

    /// <summary>Whether this version has no <c>timestamp</c> logical type, so <c>date</c> stands for every temporal type (v3.0.x).</summary>
    public bool DateCoversTimestamps => !LogicalTypes.Contains(LogicalType.Timestamp);

    /// <summary>The versions Workbench reads, newest first.</summary>
    public static IReadOnlyList<ContractStandard> Versions { get; } =
    [
        new()
        {
            ApiVersion = "v3.1.0",
            TopLevelFields = [.. TopV300, "authoritativeDefinitions"],
            SchemaObjectFields = [.. ObjectV30, "id", "relationships"],
            PropertyFields = [.. PropertyV300, "physicalName", "id", "relationships"],
            LogicalTypes = [.. TypesV30, LogicalType.Timestamp, LogicalType.Time],
            QualityFields = [.. QualityV30, "metric", "arguments", "id"],
            ClosedQualityItems = true,
            SlaFields = [.. SlaV30, "id", "description", "scheduler", "schedule"],
            ClosedSlaItems = true,
            ServerFields = [.. ServerV30, "id", .. ServerSourceFields, "stream"],
            ClosedServers = true,
            ServerTypes = [.. ServerTypesV30, "hive", "impala", "zen"],
            MetricRules = true,
            ExactlyOneOperator = true,
            ExclusiveBoundsAreFlags = false,
        },
        V30("v3.0.2", authoritativeDefinitions: true, propertyPhysicalName: true),
        V30("v3.0.1", authoritativeDefinitions: true, propertyPhysicalName: false),
        V30("v3.0.0", authoritativeDefinitions: false, propertyPhysicalName: false),
    ];

    /// <summary>The version <paramref name="apiVersion"/> names, or null when Workbench does not read it.</summary>
    public static ContractStandard? For(string? apiVersion) => Versions.FirstOrDefault(v => v.ApiVersion == apiVersion);

    /// <summary>The standard a contract of an unknown version is linted by: the newest.</summary>
    public static ContractStandard Latest => Versions[0];

    /// <summary>The logicalTypeOptions a logical type takes (each set is closed); none for boolean or no logical type.</summary>
    public IReadOnlyList<string> OptionsFor(LogicalType? type) => type switch
    {
        LogicalType.String => ["minLength", "maxLength", "pattern", "format"],
        LogicalType.Date => ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
        LogicalType.Timestamp or LogicalType.Time => ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "timezone", "defaultTimezone"],
        LogicalType.Integer or LogicalType.Number => ["multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "format"],
        LogicalType.Object => ["maxProperties", "minProperties", "required"],
        LogicalType.Array => ["maxItems", "minItems", "uniqueItems"],
        _ => [],
    };

    /// <summary>The values <c>logicalTypeOptions.format</c> may take for a type, or null when it is free text.</summary>
    public static IReadOnlyList<string>? FormatsFor(LogicalType? type) => type switch
    {
        LogicalType.Integer => ["i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128"],
        LogicalType.Number => ["f32", "f64"],
        _ => null,
    };

    /// <summary>The fields a server of <paramref name="type"/> must give.</summary>
    public static IReadOnlyList<string> RequiredServerFields(string type) => ServerRequired.TryGetValue(type, out var fields) ? fields : [];

    /// <summary>The fields a server of <paramref name="type"/> may have in this version: every server field where servers are open, else the common ones and its type's.</summary>
    public IReadOnlyList<string> ServerFieldsFor(string type) =>
        !ClosedServers || !ServerTypeFields.TryGetValue(type, out var own) ? ServerFields : [.. ServerV30, "id", .. own];

    /// <summary>Fields this version's schema requires by mistake (v3.0.0 and v3.0.1 require an athena server's <c>staging_dir</c> but define <c>stagingDir</c>; v3.0.2 fixed it): warned about, not required.</summary>
    public IReadOnlyDictionary<string, string> MistakenlyRequiredServerFields =>
        ApiVersion is "v3.0.0" or "v3.0.1" ? new Dictionary<string, string> { ["athena"] = "staging_dir" } : new Dictionary<string, string>();

    /// <summary>The oldest version whose <paramref name="fieldsOf"/> has <paramref name="field"/>, for "arrived in" hints; null when none has it.</summary>
    public static string? FirstWith(Func<ContractStandard, IReadOnlyCollection<string>> fieldsOf, string field)
    {
        ArgumentNullException.ThrowIfNull(fieldsOf);
        return Versions.Reverse().FirstOrDefault(v => fieldsOf(v).Contains(field))?.ApiVersion;
    }

    private static ContractStandard V30(string version, bool authoritativeDefinitions, bool propertyPhysicalName) => new()
    {
        ApiVersion = version,
        TopLevelFields = authoritativeDefinitions ? [.. TopV300, "authoritativeDefinitions"] : TopV300,
        SchemaObjectFields = ObjectV30,
        PropertyFields = propertyPhysicalName ? [.. PropertyV300, "physicalName"] : PropertyV300,
        LogicalTypes = TypesV30,
        QualityFields = [.. QualityV30, "validValues"], // the v3.0 docs' rule: validValues lists them beside the rule
        ClosedQualityItems = false,
        SlaFields = SlaV30,
        ClosedSlaItems = false,
        ServerFields = [.. ServerV30, .. ServerSourceFields],
        ClosedServers = false,
        ServerTypes = ServerTypesV30,
        MetricRules = false,
        ExactlyOneOperator = false,
        ExclusiveBoundsAreFlags = true,
    };
}
