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

    public override string TextType => "TEXT";

    protected override string DoubleType => "DOUBLE PRECISION";

    protected override string TimestampWithTimeZoneType => "TIMESTAMPTZ";

    protected override string JsonType => "JSONB";

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
