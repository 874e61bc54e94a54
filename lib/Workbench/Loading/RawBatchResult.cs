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
}
