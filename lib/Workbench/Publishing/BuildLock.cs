using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Publishing;

/// <summary>
/// One build, rollback or promotion at a time per project and environment (a PostgreSQL advisory lock; an embedded
/// DuckDB file has one writer anyway). A second one waits, saying so, for up to <see cref="Wait"/>, then stops with
/// nothing changed.
/// </summary>
public static class BuildLock
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<IAsyncDisposable> AcquireAsync(WarehouseConnection warehouse, string project, string environment, string what, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return await WarehouseLocks.WaitAsync(warehouse, $"workbench build {project} {environment}", Wait, log,
            holder => $"WAIT      another build, rollback or promotion of {project} ({environment}) is running{(holder is null ? string.Empty : $" ({holder})")}; waiting up to {Wait.TotalSeconds:0} s",
            holder => new PublicationException(
                $"Another build, rollback or promotion of {project} ({environment}) has held the lock on {warehouse.Options} for over {Wait.TotalSeconds:0} s{(holder is null ? string.Empty : $" ({holder})")}; nothing was {what}. " +
                "Wait for it to finish (workbench runs shows what is running), then try again."),
            cancellationToken);
    }
}
