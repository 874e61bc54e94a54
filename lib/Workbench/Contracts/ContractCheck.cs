namespace Workbench.Contracts;

/// <summary>
/// A contract rule compiled to SQL for one engine. <see cref="MeasureSql"/> returns one number that must satisfy
/// <see cref="Operator"/>; <see cref="OffendingRowsSql"/>, when the rule has row-level meaning, returns the rows that break it.
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
    string Description);
