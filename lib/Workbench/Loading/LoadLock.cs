using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// One load at a time into a raw schema (its batch ids are one sequence, and each batch is numbered and recorded in
/// one transaction): a second load waits for the first, saying for whom, instead of failing on a duplicate batch id.
/// On PostgreSQL an advisory lock released with the batch; an embedded DuckDB file admits one writing process anyway.
/// </summary>
internal static class LoadLock
{
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(10);

    public static Task<IAsyncDisposable> AcquireAsync(WarehouseConnection warehouse, string schema, string table, Action<string>? log, CancellationToken cancellationToken) =>
        WarehouseLocks.WaitAsync(warehouse, $"workbench load {schema}", Wait,
            log,
            holder => $"waiting: another load into {schema} is running{(holder is null ? string.Empty : $" ({holder})")}; this batch starts when it commits (up to {Wait.TotalMinutes:0} min)",
            holder => new RawLoadException(
                $"A load into {schema} has been running for over {Wait.TotalMinutes:0} minutes{(holder is null ? string.Empty : $" ({holder})")}, so the load of {schema}.{table} did not start; nothing of it was written. " +
                "Wait for that load to finish (or stop it), then run this one again.",
                $"{schema}.{table}", string.Empty, []),
            cancellationToken);
}
