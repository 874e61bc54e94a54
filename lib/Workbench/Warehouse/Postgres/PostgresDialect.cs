using Workbench.Contracts;

namespace Workbench.Warehouse;

/// <summary>PostgreSQL's SQL: TEXT, DOUBLE PRECISION, JSONB, TIMESTAMPTZ, the <c>~</c> operator, and its catalog's type names.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    private PostgresDialect()
    {
    }

    public override string Name => "postgres";

    public override WarehouseEngine Engine => WarehouseEngine.Postgres;

    public override string LocationSetting => "connection";

    public override string LocationHint => "a connection string without the password, e.g. Host=localhost;Database=shop_{env};Username=${USER}";

    public override string DefaultSchema => "public";

    public override IReadOnlyList<string> ServerTypes { get; } = ["postgres", "postgresql"];

    public override string TextType => "TEXT";

    protected override string DoubleType => "DOUBLE PRECISION";

    protected override string TimestampWithTimeZoneType => "TIMESTAMPTZ";

    protected override string JsonType => "JSONB";

    protected override string IntegerType(string? format) => format switch
    {
        "i8" or "i16" or "u8" => "SMALLINT", "i32" or "u16" => "INTEGER", "u32" => "BIGINT",
        "u64" => "NUMERIC(20,0)", "i128" or "u128" => "NUMERIC(39,0)",
        _ => "BIGINT",
    };

    /// <summary>DuckDB's own types: integers of other widths widen to one that holds every value, DOUBLE and BLOB take PostgreSQL's names; nested types and nanoseconds are refused.</summary>
    protected override string? ForeignType(string head, string type, out string? problem)
    {
        problem = null;
        switch (head)
        {
            case "DOUBLE" or "FLOAT8":
                return "DOUBLE PRECISION";
            case "FLOAT" or "FLOAT4":
                return "REAL"; // DuckDB's FLOAT is 4 bytes; PostgreSQL's FLOAT would be 8
            case "TINYINT" or "INT1" or "UTINYINT":
                return "SMALLINT";
            case "USMALLINT":
                return "INTEGER";
            case "UINTEGER":
                return "BIGINT";
            case "UBIGINT":
                return "NUMERIC(20,0)";
            case "HUGEINT" or "INT128" or "UHUGEINT":
                return "NUMERIC(39,0)";
            case "VARINT" or "BIGNUM":
                return "NUMERIC";
            case "BLOB" or "BYTES" or "VARBINARY":
                return "BYTEA";
            case "STRING":
                return "TEXT";
            case "TIMESTAMP_S":
                return "TIMESTAMP(0)";
            case "TIMESTAMP_MS":
                return "TIMESTAMP(3)";
            case "TIMESTAMP_US":
                return "TIMESTAMP";
            case "TIMESTAMP_NS":
                problem = "PostgreSQL keeps timestamps to the microsecond, so DuckDB's TIMESTAMP_NS has no equal; write TIMESTAMP (logicalType: timestamp), or keep the nanoseconds as BIGINT";
                return null;
            case "STRUCT" or "MAP" or "UNION":
                problem = $"PostgreSQL has no {head} type; write logicalType: object (JSONB on PostgreSQL, with its fields as properties), or create a composite type and name it";
                return null;
            default:
                return null;
        }
    }

    public override string RegexMatches(string expression, string pattern) =>
        $"{CastToText(expression)} ~ {WarehouseConnection.Literal(pattern)}";

    public override LogicalType? LogicalTypeOf(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var type = dataType.Trim().ToUpperInvariant();
        return type switch
        {
            "BPCHAR" => LogicalType.String,
            "JSON" or "JSONB" => LogicalType.Object,
            "ARRAY" => LogicalType.Array,
            _ when type.EndsWith("[]", StringComparison.Ordinal) => LogicalType.Array,
            _ => base.LogicalTypeOf(dataType),
        };
    }
}
