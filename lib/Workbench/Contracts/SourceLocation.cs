namespace Workbench.Contracts;

/// <summary>Where something is in a contract file: 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, long Line, long Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
