namespace Workbench.Contracts;

/// <summary>A column of a schema object, with its type and the rules it carries.</summary>
public sealed record SchemaProperty
{
    public required string Name { get; init; }

    public string? PhysicalName { get; init; }

    public LogicalType? LogicalType { get; init; }

    public string? PhysicalType { get; init; }

    public string? Description { get; init; }

    public bool Required { get; init; }

    public bool Unique { get; init; }

    public bool PrimaryKey { get; init; }

    public int PrimaryKeyPosition { get; init; } = -1;

    public bool Partitioned { get; init; }

    public string? Classification { get; init; }

    public LogicalTypeOptions? Options { get; init; }

    public IReadOnlyList<object?> Examples { get; init; } = [];

    public IReadOnlyList<Relationship> Relationships { get; init; } = [];

    public IReadOnlyList<QualityRule> Quality { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>For <c>logicalType: array</c>: what each element is (its own type, properties and items).</summary>
    public SchemaProperty? Items { get; init; }

    /// <summary>For <c>logicalType: object</c>: its fields.</summary>
    public IReadOnlyList<SchemaProperty> Properties { get; init; } = [];

    /// <summary>Fields of the standard (or extensions) this model does not act on, kept as written.</summary>
    public IReadOnlyDictionary<string, object?> Other { get; init; } = new Dictionary<string, object?>();

    public required SourceLocation Location { get; init; }

    /// <summary>The column name in the warehouse.</summary>
    public string ColumnName => PhysicalName ?? Name;
}
