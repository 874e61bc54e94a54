namespace Workbench.Contracts;

/// <summary>
/// A contract rule compiled to SQL for one engine. <see cref="MeasureSql"/> returns one number that must satisfy
/// <see cref="Operator"/>; <see cref="OffendingRowsSql"/>, when the rule has row-level meaning, returns the rows that break it.
/// A rule that cannot be run carries why instead: <see cref="SkipReason"/> (nothing to run: text rules, an unknown unit) or
/// <see cref="RefusedReason"/> (its SQL is not one read-only query, so it is not executed and fails).
/// </summary>
public sealed record ContractCheck(
    string Name,
    string Table,
    string? Property,
    string Kind,
    string Severity,
    string MeasureSql,
    QualityOperator Operator,
    string Unit,
    string? OffendingRowsSql,
    SourceLocation Location,
    string Description)
{
    /// <summary>What the measured number is, for results: "offending rows", "null values", <c>MIN(amount)</c>, "row count".</summary>
    public string Measures { get; init; } = "offending rows";

    /// <summary>Why the rule is not run (it is reported as skipped), or null.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Why the rule's SQL was refused (it is reported as failed, not executed), or null.</summary>
    public string? RefusedReason { get; init; }

    /// <summary>Columns whose values samples and messages show masked (the contract classifies them as sensitive).</summary>
    public IReadOnlySet<string> Masked { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When the measure is one aggregate over one relation (<see cref="MeasureSql"/> is <c>SELECT {ScanAggregate} FROM relation</c>),
    /// that aggregate: every such check of a relation is then measured in one scan of it instead of one query each.
    /// </summary>
    public string? ScanAggregate { get; init; }

    /// <summary>
    /// The relation <see cref="ScanAggregate"/> is computed over, read from <see cref="MeasureSql"/> (so it follows a rewrite of
    /// the SQL, such as a build's relocation to its versions); null when the measure is not such a scan.
    /// </summary>
    public string? ScanFrom => ScanAggregate is { } aggregate && MeasureSql.StartsWith($"SELECT {aggregate} FROM ", StringComparison.Ordinal)
        ? MeasureSql[$"SELECT {aggregate} FROM ".Length..]
        : null;

    /// <summary>A check measured as <paramref name="aggregate"/> over <paramref name="from"/>, so it can share a scan with others.</summary>
    public static string ScanSql(string aggregate, string from) => $"SELECT {aggregate} FROM {from}";

    /// <summary>A rule that is listed as skipped, with the reason, rather than left out.</summary>
    public static ContractCheck Skipped(string name, string table, string? property, string kind, string severity, SourceLocation location, string description, string reason) =>
        new(name, table, property, kind, severity, string.Empty, QualityOperator.NoRows, "rows", null, location, description) { SkipReason = reason };
}
