namespace Workbench.Contracts;

/// <summary>The constraints ODCS puts on a logical type (ranges as text so dates and numbers share them).</summary>
public sealed record LogicalTypeOptions
{
    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public string? ExclusiveMinimum { get; init; }

    public string? ExclusiveMaximum { get; init; }

    public string? Pattern { get; init; }

    public string? Format { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public decimal? MultipleOf { get; init; }

    /// <summary>Options this model does not act on, kept as written.</summary>
    public IReadOnlyDictionary<string, object?> Other { get; init; } = new Dictionary<string, object?>();
}
