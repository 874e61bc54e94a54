namespace Workbench.Contracts;

/// <summary>ODCS library metrics.</summary>
public enum QualityMetric
{
    NullValues,
    MissingValues,
    InvalidValues,
    DuplicateValues,
    RowCount,
}

public enum QualityRuleType
{
    Library,
    Sql,
    Text,
    Custom,
}

/// <summary>A quality rule on a schema object or one of its properties.</summary>
public sealed record QualityRule
{
    public required QualityRuleType Type { get; init; }

    public QualityMetric? Metric { get; init; }

    /// <summary>For <c>type: sql</c>: a query returning one number; <c>{object}</c> and <c>{property}</c> are substituted.</summary>
    public string? Query { get; init; }

    /// <summary>The first (in v3.1.0 the only) operator; null for rules that have none.</summary>
    public QualityOperator? Operator => Operators.Count > 0 ? Operators[0] : null;

    /// <summary>Every operator the rule gives: v3.1.0 allows exactly one; a v3.0 rule with several is checked once per operator.</summary>
    public IReadOnlyList<QualityOperator> Operators { get; init; } = [];

    /// <summary>Why Workbench cannot run this rule (a text rule, a custom engine, an unknown unit, ...); it is reported as skipped with this reason.</summary>
    public string? SkipReason { get; init; }

    /// <summary><c>rows</c> (default) or <c>percent</c> (also written <c>%</c> or <c>percentage</c>).</summary>
    public string Unit { get; init; } = "rows";

    /// <summary><c>error</c> (default), <c>warning</c> or <c>info</c>.</summary>
    public string Severity { get; init; } = "error";

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Metric arguments, e.g. <c>validValues</c>, <c>missingValues</c>, <c>properties</c>.</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = new Dictionary<string, object?>();

    /// <summary>Fields Workbench does not evaluate (dimension, method, schedule, engine, implementation, tags, ...), kept as written.</summary>
    public IReadOnlyDictionary<string, object?> Other { get; init; } = new Dictionary<string, object?>();

    public required SourceLocation Location { get; init; }
}
