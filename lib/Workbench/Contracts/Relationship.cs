namespace Workbench.Contracts;

/// <summary>
/// A reference between columns: <see cref="From"/> (empty at property level, where it is the property itself) to
/// <see cref="To"/>, each <c>table.column</c>. Composite keys list several columns on each side, in matching order.
/// </summary>
public sealed record Relationship(IReadOnlyList<string> From, IReadOnlyList<string> To, string Type, SourceLocation Location)
{
    /// <summary>The referenced table: the part of the first <see cref="To"/> column before its last dot.</summary>
    public string ToTable => TableOf(To[0]);

    /// <summary>The column part of a <c>table.column</c> reference.</summary>
    public static string ColumnOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference[(reference.LastIndexOf('.') + 1)..];
    }

    /// <summary>The table part of a <c>table.column</c> reference (empty when there is no dot).</summary>
    public static string TableOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference[..Math.Max(0, reference.LastIndexOf('.'))];
    }

    public override string ToString() =>
        (From.Count == 0 ? string.Empty : Side(From) + " → ") + Side(To);

    private static string Side(IReadOnlyList<string> columns) => columns.Count == 1 ? columns[0] : "(" + string.Join(", ", columns) + ")";
}
