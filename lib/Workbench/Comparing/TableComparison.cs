using System.Globalization;
using System.Text;
using Workbench.Warehouse;

namespace Workbench.Comparing;

/// <summary>A column whose presence or type differs between the two sides.</summary>
public sealed record ColumnChange(string Column, string Change, string? Left, string? Right)
{
    public override string ToString() => Change switch
    {
        "added" => $"+ {Column} {Left}",
        "removed" => $"- {Column} {Right}",
        _ => $"~ {Column} {Right} -> {Left}",
    };
}

/// <summary>How often a column agrees between rows matched by key (NULL equals NULL).</summary>
public sealed record ColumnMatch(string Column, long Matching, long Compared)
{
    public double Percent => Compared == 0 ? 100 : 100.0 * Matching / Compared;
}

/// <summary>
/// One table compared in two places (<see cref="Left"/>: the environment asked about; <see cref="Right"/>: the one
/// it is compared against): columns added, removed or retyped; row counts; rows only in one side by key; per-column
/// match; and a sample of the rows that differ, keyed.
/// </summary>
public sealed record TableComparison(string Model, TableName Left, TableName Right)
{
    /// <summary>Why it could not be compared (missing on a side), or null.</summary>
    public string? Missing { get; init; }

    public IReadOnlyList<ColumnChange> Columns { get; init; } = [];

    public long LeftRows { get; init; }

    public long RightRows { get; init; }

    /// <summary>The key rows are matched by (the model's unique_key, else its contract's primary key); empty: whole rows were compared.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];

    public long OnlyLeft { get; init; }

    public long OnlyRight { get; init; }

    public long InBoth { get; init; }

    public IReadOnlyList<ColumnMatch> Matches { get; init; } = [];

    /// <summary>Up to a few rows that differ: the key, then each differing column on both sides.</summary>
    public QueryResult? Sample { get; init; }

    public bool Same => Missing is null && Columns.Count == 0 && OnlyLeft == 0 && OnlyRight == 0 && Matches.All(m => m.Matching == m.Compared);

    public string ToText(string left, string right)
    {
        var text = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        text.AppendLine(i, $"{Model}: {(Missing ?? (Same ? "same" : "differs"))}");
        if (Missing is not null)
        {
            return text.ToString();
        }

        text.AppendLine(i, $"  rows      {left} {LeftRows:N0}, {right} {RightRows:N0}");
        if (Key.Count > 0)
        {
            text.AppendLine(i, $"  by key    ({string.Join(", ", Key)}): {InBoth:N0} in both, {OnlyLeft:N0} only in {left}, {OnlyRight:N0} only in {right}");
        }
        else
        {
            text.AppendLine(i, $"  no key    (no unique_key or primary key): whole rows compared; {OnlyLeft:N0} only in {left}, {OnlyRight:N0} only in {right}");
        }

        foreach (var change in Columns)
        {
            text.AppendLine(i, $"  column    {change}");
        }

        foreach (var match in Matches.Where(m => m.Matching != m.Compared))
        {
            text.AppendLine(i, $"  match     {match.Column}: {match.Percent:0.##}% ({match.Compared - match.Matching:N0} of {match.Compared:N0} differ)");
        }

        if (Sample is { RowCount: > 0 } sample)
        {
            text.AppendLine("  differing rows (sample):");
            foreach (var line in sample.ToText(5).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append("    ").AppendLine(line.TrimEnd('\r'));
            }
        }

        return text.ToString();
    }
}
