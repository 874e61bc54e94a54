namespace Workbench.Warehouse;

/// <summary>
/// Waits for a named warehouse lock (<see cref="WarehouseConnection.TryLockAsync"/>): tries it, says once that it is
/// waiting and for whom (<see cref="WarehouseConnection.DescribeLockHolderAsync"/>), and gives up after a while with
/// the caller's error. Builds and loads use it, so a second one waits for the first instead of colliding with it.
/// </summary>
public static class WarehouseLocks
{
    public static async Task<IAsyncDisposable> WaitAsync(
        WarehouseConnection warehouse, string key, TimeSpan wait, Action<string>? log, Func<string?, string> waiting, Func<string?, Exception> timedOut, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(timedOut);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var said = false;
        while (true)
        {
            if (await warehouse.TryLockAsync(key, cancellationToken) is { } lease)
            {
                return lease;
            }

            if (clock.Elapsed >= wait)
            {
                throw timedOut(await warehouse.DescribeLockHolderAsync(key, cancellationToken));
            }

            if (!said)
            {
                log?.Invoke(waiting(await warehouse.DescribeLockHolderAsync(key, cancellationToken)));
                said = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
