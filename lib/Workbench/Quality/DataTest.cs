namespace Workbench.Quality;

/// <summary>A check written as SQL that returns the offending rows: no rows means it passes.</summary>
/// <param name="FirstLine">The line of the file <see cref="Sql"/> starts on, for messages that point into the file.</param>
public sealed record DataTest(string Name, string Path, string Sql, Severity Severity, string? Description, int FirstLine = 1)
{
    /// <summary>Columns whose values the sample shows masked: those the contracts of the tables it reads classify as sensitive.</summary>
    public IReadOnlySet<string> Masked { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
