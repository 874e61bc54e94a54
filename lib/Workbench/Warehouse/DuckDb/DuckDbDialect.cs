using Workbench.Contracts;

namespace Workbench.Warehouse;

/// <summary>DuckDB's SQL: VARCHAR text, DOUBLE, JSON, <c>regexp_matches</c>, and its own integer and nested type names.</summary>
public sealed class DuckDbDialect : SqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    private DuckDbDialect()
    {
    }

    public override string Name => "duckdb";

    public override WarehouseEngine Engine => WarehouseEngine.DuckDb;

    public override string LocationSetting => "path";

    public override string LocationHint => "the database file, e.g. artifacts/warehouse/workbench-{env}.duckdb";

    public override string DefaultSchema => "main";

    public override IReadOnlyList<string> ServerTypes { get; } = ["duckdb"];

    public override string TextType => "VARCHAR";

    protected override string DoubleType => "DOUBLE";

    protected override string TimestampWithTimeZoneType => "TIMESTAMP WITH TIME ZONE";

    protected override string JsonType => "JSON";

    protected override string IntegerType(string? format) => format switch
    {
        "i8" => "TINYINT", "i16" => "SMALLINT", "i32" => "INTEGER", "i128" => "HUGEINT",
        "u8" => "UTINYINT", "u16" => "USMALLINT", "u32" => "UINTEGER", "u64" => "UBIGINT", "u128" => "UHUGEINT",
        _ => "BIGINT",
    };

    /// <summary>PostgreSQL's own types: JSONB and the serials map; the ones DuckDB has no equal of are refused.</summary>
    protected override string? ForeignType(string head, string type, out string? problem)
    {
        problem = null;
        switch (head)
        {
            case "JSONB":
                return "JSON";
            case "SERIAL" or "SERIAL4":
                return "INTEGER";
            case "BIGSERIAL" or "SERIAL8":
                return "BIGINT";
            case "SMALLSERIAL" or "SERIAL2":
                return "SMALLINT";
            case "DECIMAL" or "NUMERIC" when DecimalWidth(type) > 38:
                problem = $"DuckDB's DECIMAL holds at most 38 digits; for whole numbers write logicalType: integer with format: i128 (HUGEINT), else a narrower DECIMAL or DOUBLE";
                return null;
            case "MONEY":
                problem = "PostgreSQL's MONEY has no DuckDB type; write DECIMAL(19,4) (portable), or logicalType: number";
                return null;
            case "XML" or "INET" or "CIDR" or "MACADDR" or "MACADDR8" or "TSVECTOR" or "TSQUERY" or "POINT" or "LINE" or "LSEG" or "BOX" or "PATH" or "POLYGON" or "CIRCLE"
                or "INT4RANGE" or "INT8RANGE" or "NUMRANGE" or "TSRANGE" or "TSTZRANGE" or "DATERANGE" or "OID" or "REGCLASS" or "PG_LSN" or "TXID_SNAPSHOT":
                problem = $"{head} is PostgreSQL's own type and DuckDB has none like it; write logicalType: string (VARCHAR) to keep its text";
                return null;
            default:
                return null;
        }
    }

    public override string? StructType(IReadOnlyList<(string Name, string Type)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return "STRUCT(" + string.Join(", ", fields.Select(f => $"{WarehouseConnection.Quote(f.Name)} {f.Type}")) + ")";
    }

    private static int DecimalWidth(string type)
    {
        var open = type.IndexOf('(', StringComparison.Ordinal);
        var end = type.IndexOfAny([',', ')'], open + 1);
        return open > 0 && end > open && int.TryParse(type[(open + 1)..end], System.Globalization.CultureInfo.InvariantCulture, out var width) ? width : 0;
    }

    /// <summary>DuckDB's catalog calls REAL <c>FLOAT</c>.</summary>
    public override string Canonical(string dataType)
    {
        var type = base.Canonical(dataType);
        return type == "FLOAT" ? "REAL" : type;
    }

    public override string RegexMatches(string expression, string pattern) =>
        $"regexp_matches({CastToText(expression)}, {WarehouseConnection.Literal(pattern)})";

    public override LogicalType? LogicalTypeOf(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var type = dataType.Trim().ToUpperInvariant();
        return type switch
        {
            "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "UHUGEINT" => LogicalType.Integer,
            "JSON" => LogicalType.Object,
            _ when type.StartsWith("STRUCT", StringComparison.Ordinal) || type.StartsWith("MAP", StringComparison.Ordinal) => LogicalType.Object,
            _ when type.EndsWith(']') || type.StartsWith("LIST", StringComparison.Ordinal) => LogicalType.Array,
            _ => base.LogicalTypeOf(dataType),
        };
    }
}
