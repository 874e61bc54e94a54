using Workbench.Contracts;

namespace Workbench.Tests.Contracts;

/// <summary>
/// The facts of the official ODCS JSON schemas (bitol-io/open-data-contract-standard, schema/odcs-json-schema-v3.*.json),
/// one contract per fact: what a schema forbids is an error, what it allows but Workbench cannot act on is at most a
/// warning. Each case was checked against the schema with a JSON-schema validator when it was written.
/// </summary>
public sealed class ContractStandardTests
{
    private static ContractParseResult Parse(string apiVersion, string schema, string top = "") => ContractParser.Parse("s.odcs.yaml",
        $"apiVersion: {apiVersion}\nkind: DataContract\nid: s\nversion: 1.0.0\nstatus: active\n{top}schema:\n  - name: t\n    properties:\n      - name: c\n        logicalType: integer\n{schema}");

    private static ProblemSeverity? Worst(ContractParseResult result) =>
        result.Problems.Count == 0 ? null : result.Problems.Any(p => p.Severity == ProblemSeverity.Error) ? ProblemSeverity.Error : ProblemSeverity.Warning;

    public static TheoryData<string> AllVersions => new() { "v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0" };

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void TopLevel_IsClosedInEveryVersion(string version)
    {
        var result = Parse(version, string.Empty, top: "owner: sales\n");

        Assert.Equal(ProblemSeverity.Error, Worst(result));
        Assert.Contains("'owner' is not a field of a data contract", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void PropertiesAndSchemaObjects_AreClosedInEveryVersion(string version)
    {
        Assert.Equal(ProblemSeverity.Error, Worst(Parse(version, "        pii: true\n")));
        Assert.Equal(ProblemSeverity.Error, Worst(Parse(version, "    owner: sales\n")));
    }

    [Theory]
    [InlineData("v3.0.0", ProblemSeverity.Warning)]
    [InlineData("v3.0.2", ProblemSeverity.Warning)]
    [InlineData("v3.1.0", ProblemSeverity.Error)]
    public void QualitySlaAndServerItems_AreOpenInV30AndClosedInV31(string version, ProblemSeverity expected)
    {
        var quality = version == "v3.1.0" ? "metric: nullValues" : "rule: nullValues";
        Assert.Equal(expected, Worst(Parse(version, $"        quality:\n          - {quality}\n            mustBe: 0\n            owner: sales\n")));
        Assert.Equal(expected, Worst(Parse(version, string.Empty, top: "slaProperties:\n  - property: retention\n    value: 3\n    owner: sales\n")));
        Assert.Equal(expected, Worst(Parse(version, string.Empty, top: "servers:\n  - server: s\n    type: kafka\n    host: k:9092\n    owner: sales\n")));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Description_IsABlock_NeverTextOrNull(string version)
    {
        Assert.Equal(ProblemSeverity.Error, Worst(Parse(version, string.Empty, top: "description: Orders.\n")));
        Assert.Equal(ProblemSeverity.Error, Worst(Parse(version, string.Empty, top: "description:\n")));
        Assert.Null(Worst(Parse(version, string.Empty, top: "description:\n  purpose: Orders.\n  extra: kept\n")));
    }

    [Theory]
    [InlineData("v3.0.2", "timestamp", ProblemSeverity.Error)]
    [InlineData("v3.0.2", "time", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "timestamp", null)]
    [InlineData("v3.1.0", "time", null)]
    public void TimestampAndTime_AreLogicalTypesOnlyFromV31(string version, string type, ProblemSeverity? expected)
    {
        var result = Parse(version, $"      - name: d\n        logicalType: {type}\n");

        Assert.Equal(expected, Worst(result));
        Assert.All(result.Problems, p => Assert.Contains("write logicalType: date with physicalType", p.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v3.0.2", "true", null)]
    [InlineData("v3.0.2", "0", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "0", null)]
    [InlineData("v3.1.0", "true", ProblemSeverity.Error)]
    public void ExclusiveBounds_AreFlagsInV30AndValuesInV31(string version, string value, ProblemSeverity? expected)
    {
        var minimum = version == "v3.0.2" ? "          minimum: 0\n" : string.Empty;
        Assert.Equal(expected, Worst(Parse(version, $"        logicalTypeOptions:\n{minimum}          exclusiveMinimum: {value}\n")));
    }

    [Theory]
    [InlineData("v3.0.2", null)]
    [InlineData("v3.1.0", ProblemSeverity.Error)]
    public void TwoOperators_AreAnErrorInV31_AndTwoChecksInV30(string version, ProblemSeverity? expected)
    {
        var quality = version == "v3.1.0" ? "metric: nullValues" : "rule: nullValues";
        var result = Parse(version, $"        quality:\n          - {quality}\n            mustBeGreaterOrEqualTo: 0\n            mustBeLessThan: 10\n");

        Assert.Equal(expected, Worst(result));
        if (expected is null)
        {
            Assert.Equal(2, ContractCheckCompiler.Compile(result.Contract!, Workbench.Warehouse.DuckDbDialect.Instance).Count);
        }
    }

    [Theory]
    [InlineData("v3.0.2", "        quality:\n          - metric: nullValues\n            mustBe: 0\n", ProblemSeverity.Error)] // v3.0: a library rule (the default type) requires rule
    [InlineData("v3.0.2", "        quality:\n          - rule: nullValues\n            metric: nullValues\n            mustBe: 0\n", ProblemSeverity.Warning)] // metric is v3.1's: allowed (open), read
    [InlineData("v3.1.0", "        quality:\n          - name: size\n            mustBeLessThan: 5\n", ProblemSeverity.Error)] // v3.1: operators only on library and sql rules
    [InlineData("v3.1.0", "        quality:\n          - type: sql\n            query: SELECT MAX(c) FROM {object}\n            mustBe: high\n", ProblemSeverity.Warning)] // mustBe is untyped; Workbench compares numbers
    [InlineData("v3.1.0", "        description:\n", ProblemSeverity.Error)] // a property's description is text, not null
    [InlineData("v3.1.0", "        quality:\n          - rule: nullValues\n            mustBe: 0\n", ProblemSeverity.Error)] // rule alone is v3.0's
    [InlineData("v3.1.0", "        quality:\n          - metric: bogus\n            mustBe: 0\n", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "        quality:\n          - metric: nullValues\n", ProblemSeverity.Error)] // v3.1 requires one operator
    [InlineData("v3.0.2", "        quality:\n          - description: words only\n", ProblemSeverity.Error)] // v3.0: no type means library, which needs rule
    [InlineData("v3.1.0", "        quality:\n          - description: words only\n", null)] // v3.1: neither library nor sql: a description
    [InlineData("v3.1.0", "        quality:\n          - type: sql\n            mustBe: 0\n", ProblemSeverity.Error)] // sql needs query
    [InlineData("v3.1.0", "        quality:\n          - type: custom\n            engine: soda\n", ProblemSeverity.Error)] // custom needs implementation
    [InlineData("v3.1.0", "        quality:\n          - metric: nullValues\n            mustBe: 0\n            dimension: cp\n", ProblemSeverity.Error)] // the docs' abbreviations are not in the enum
    [InlineData("v3.1.0", "        quality:\n          - metric: nullValues\n            mustBe: 0\n            severity: critical\n", ProblemSeverity.Warning)] // severity is free text
    public void QualityRules_FollowTheirVersionsSchema(string version, string schema, ProblemSeverity? expected)
    {
        var result = Parse(version, schema);

        Assert.True(expected == Worst(result), string.Join(Environment.NewLine, result.Problems));
    }

    [Theory]
    [InlineData("v3.0.2", "      - name: d\n        physicalName: day\n", null)]
    [InlineData("v3.0.1", "      - name: d\n        physicalName: day\n", ProblemSeverity.Error)] // property physicalName arrived in v3.0.2
    [InlineData("v3.0.2", "        relationships:\n          - to: t.c\n", ProblemSeverity.Error)] // relationships arrived in v3.1.0
    [InlineData("v3.1.0", "        relationships:\n          - to: t.c\n", null)]
    [InlineData("v3.1.0", "        relationships:\n          - to: t.c\n            type: oneToMany\n", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "        logicalTypeOptions:\n          maxLength: 3\n", ProblemSeverity.Error)] // an integer has no maxLength
    [InlineData("v3.1.0", "        logicalTypeOptions:\n          format: int32\n", ProblemSeverity.Error)] // integer formats are i8..u128
    [InlineData("v3.1.0", "        items:\n          logicalType: string\n", ProblemSeverity.Error)] // items only on an array
    public void Properties_FollowTheirVersionsSchema(string version, string schema, ProblemSeverity? expected)
    {
        var result = Parse(version, schema);

        Assert.True(expected == Worst(result), string.Join(Environment.NewLine, result.Problems));
    }

    [Theory]
    [InlineData("v3.1.0", "  - server: pg\n    type: postgres\n    host: db\n    port: 5432\n    database: shop\n    schema: sales\n", null)]
    [InlineData("v3.1.0", "  - server: pg\n    type: postgres\n    host: db\n    port: 5432\n    database: shop\n", ProblemSeverity.Error)] // postgres requires schema
    [InlineData("v3.1.0", "  - server: pg\n    type: postgress\n", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "  - server: lake\n    type: duckdb\n    database: lake.duckdb\n    schema: main\n", null)]
    [InlineData("v3.0.2", "  - server: lake\n    type: duckdb\n    database: lake.duckdb\n    schema: main\n", ProblemSeverity.Warning)] // v3.0.x types it as a number (a schema mistake)
    [InlineData("v3.0.2", "  - server: h\n    type: hive\n    host: h\n    database: d\n", ProblemSeverity.Error)] // hive arrived in v3.1.0
    [InlineData("v3.1.0", "  - server: bq\n    type: bigquery\n    project: p\n    dataset: d\n    account: a\n", ProblemSeverity.Error)] // v3.1: a server has its type's fields only
    [InlineData("v3.0.2", "  - server: bq\n    type: bigquery\n    project: p\n    dataset: d\n    account: a\n", null)] // v3.0 servers are open
    [InlineData("v3.0.1", "  - server: a\n    type: athena\n    stagingDir: s3://q\n    schema: s\n", ProblemSeverity.Warning)] // v3.0.0/1 require staging_dir by mistake
    public void Servers_FollowTheirVersionsSchema(string version, string servers, ProblemSeverity? expected)
    {
        var result = Parse(version, string.Empty, top: "servers:\n" + servers);

        Assert.True(expected == Worst(result), string.Join(Environment.NewLine, result.Problems));
    }

    [Theory]
    [InlineData("    value: 500\n    unit: ms\n")]
    [InlineData("    value: '500ms'\n")]
    [InlineData("    value: 4\n    unit: d\n")]
    [InlineData("    value: PT4H\n")]
    [InlineData("    value: 1.5\n    unit: hours\n")]
    public void SlaValuesAndUnits_AreFreeText_AndWorkbenchReadsTheseAsDurations(string body)
    {
        var result = Parse("v3.1.0", "      - name: at\n        logicalType: timestamp\n", top: "slaProperties:\n  - property: latency\n    element: t.at\n" + body);

        Assert.Empty(result.Problems);
        Assert.Null(result.Contract!.SlaProperties[0].SkipReason);
    }

    [Theory]
    [InlineData("v3.0.2", "team:\n  - username: ada\n    role: owner\n", null)]
    [InlineData("v3.0.2", "team:\n  name: sales\n  members:\n    - username: ada\n", ProblemSeverity.Error)] // the team block arrived in v3.1.0
    [InlineData("v3.1.0", "team:\n  name: sales\n  members:\n    - username: ada\n", null)]
    [InlineData("v3.1.0", "roles: admin\n", ProblemSeverity.Error)]
    [InlineData("v3.1.0", "price: 5\n", ProblemSeverity.Error)]
    public void FieldsWorkbenchKeeps_StillHaveTheStandardsShape(string version, string top, ProblemSeverity? expected)
    {
        var result = Parse(version, string.Empty, top: top);

        Assert.True(expected == Worst(result), string.Join(Environment.NewLine, result.Problems));
    }

    [Fact]
    public void SlaValue_ThatIsAListOrBlock_IsAnError()
    {
        Assert.Equal(ProblemSeverity.Error, Worst(Parse("v3.1.0", string.Empty, top: "slaProperties:\n  - property: latency\n    value: [1, 2]\n")));
    }

    [Fact]
    public void Versions_AreTheOnesTheStandardPublished()
    {
        Assert.Equal(["v3.1.0", "v3.0.2", "v3.0.1", "v3.0.0"], ContractParser.SupportedApiVersions);
        Assert.Equal(["accuracy", "completeness", "conformity", "consistency", "coverage", "timeliness", "uniqueness"], ContractStandard.Dimensions);
        Assert.Equal(["host", "port", "database", "schema"], ContractStandard.RequiredServerFields("postgres"));
    }
}
