namespace Workbench.Contracts;

public enum ProblemSeverity
{
    Error,
    Warning,
}

/// <summary>One thing wrong with a contract: where, what, and what is allowed instead.</summary>
public sealed record ContractProblem(SourceLocation Location, ProblemSeverity Severity, string Message)
{
    public override string ToString() => $"{Location}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}
