namespace Workbench.Contracts;

/// <summary>A table (or other object) a contract describes.</summary>
public sealed record SchemaObject
{
    public required string Name { get; init; }

    public string? PhysicalName { get; init; }

    public string? PhysicalType { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<SchemaProperty> Properties { get; init; } = [];

    public IReadOnlyList<QualityRule> Quality { get; init; } = [];

    public IReadOnlyList<Relationship> Relationships { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Other { get; init; } = new Dictionary<string, object?>();

    public required SourceLocation Location { get; init; }

    /// <summary>The table name in the warehouse (may be schema-qualified, e.g. <c>raw.orders</c>).</summary>
    public string TableName => PhysicalName ?? Name;

    /// <summary>Primary-key properties in key order.</summary>
    public IReadOnlyList<SchemaProperty> PrimaryKey =>
        Properties.Where(p => p.PrimaryKey).OrderBy(p => p.PrimaryKeyPosition < 0 ? int.MaxValue : p.PrimaryKeyPosition).ToList();
}
