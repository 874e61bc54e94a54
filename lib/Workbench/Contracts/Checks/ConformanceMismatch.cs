namespace Workbench.Contracts;

public enum MismatchKind
{
    /// <summary>The table named by the contract does not exist.</summary>
    MissingTable,

    /// <summary>The contract has the column; the table does not.</summary>
    MissingColumn,

    /// <summary>The table has a column the contract does not describe.</summary>
    ExtraColumn,

    /// <summary>The column's type is not of the contract's logical type.</summary>
    TypeMismatch,

    /// <summary>The contract requires the column, and the table allows NULL in it (the rule is then only checked, not enforced).</summary>
    NullabilityNotEnforced,
}

/// <summary>One difference between a live table and its contract.</summary>
public sealed record ConformanceMismatch(string Table, string? Column, MismatchKind Kind, string Expected, string Actual, SourceLocation Location)
{
    public override string ToString() => $"{Location}: {Table}{(Column is null ? string.Empty : "." + Column)}: {Kind}: expected {Expected}, found {Actual}";
}
