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
    TimeSpan Duration);
