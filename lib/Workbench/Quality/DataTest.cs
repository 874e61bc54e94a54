namespace Workbench.Quality;

/// <summary>A check written as SQL that returns the offending rows: no rows means it passes.</summary>
public sealed record DataTest(string Name, string Path, string Sql, Severity Severity, string? Description);
