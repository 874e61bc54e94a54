namespace Workbench.Loading;

/// <summary>What writing a batch's rows did: rows read from the source, rows written to the table, and the rejected rows.</summary>
internal sealed record IngestResult(long RowsRead, long RowsLoaded, List<RawReject> Rejects);

/// <summary>Everything a batch's row writer needs: the target, the plan for the source's fields, and the lineage values.</summary>
internal sealed record IngestContext(RawTableSpec Spec, ColumnPlan Plan, long BatchId, string Source, DateTime IngestedAt, IProgress<RawLoadProgress>? Progress);

/// <summary>Work a loader did before the batch's transaction (a staged table), how the batch finishes it, and how to clean up.</summary>
/// <param name="CreatesTable">The staged rows become the table itself when it is still missing: the batch need not create it.</param>
internal sealed record PreparedIngest(Func<IngestContext, Sources.IRecordSource, CancellationToken, Task<IngestResult>> Ingest, Func<Task> Cleanup, bool CreatesTable = false);
