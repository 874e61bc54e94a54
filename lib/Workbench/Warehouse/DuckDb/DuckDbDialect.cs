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

    public override string TextType => "VARCHAR";

    protected override string DoubleType => "DOUBLE";

    protected override string TimestampWithTimeZoneType => "TIMESTAMP WITH TIME ZONE";

    protected override string JsonType => "JSON";

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
