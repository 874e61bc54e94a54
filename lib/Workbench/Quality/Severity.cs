namespace Workbench.Quality;

/// <summary>How much a failing check matters: errors fail the gate, warnings are reported.</summary>
public enum Severity
{
    Error,
    Warning,
}
