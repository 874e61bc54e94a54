namespace Workbench.Loading;

/// <summary>The outcome of loading one source file into one raw table. Rows read = rows loaded + rows rejected.</summary>
public sealed record RawBatchResult(
    long BatchId,
    string Table,
    string Source,
    string ContentHash,
    RawBatchStatus Status,
    long RowsRead,
    long RowsLoaded,
    long RowsRejected,
    TimeSpan Duration)
{
    /// <summary>What the batch did beyond loading rows: columns added, dropped or missing under the schema mode.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One line per batch, then one per note: <c>loaded  raw.orders &lt;- orders/2024-01.csv: read 2, loaded 1, rejected 1 (0.12 s, batch 7)</c>.</summary>
    public string Describe(string schema = "raw") =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Status.ToString().ToLowerInvariant(),-7} {schema}.{Table} <- {Source}: read {RowsRead:N0}, loaded {RowsLoaded:N0}, rejected {RowsRejected:N0} ({Duration.TotalSeconds:0.00} s, batch {BatchId})")
        + string.Concat(Notes.Select(n => Environment.NewLine + "        note: " + n));

    public override string ToString() => Describe();
}
