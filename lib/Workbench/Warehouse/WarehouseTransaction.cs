using System.Data.Common;

namespace Workbench.Warehouse;

/// <summary>A transaction on a <see cref="Warehouse"/>; disposing it without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class WarehouseTransaction : IAsyncDisposable
{
    private readonly WarehouseConnection _warehouse;
    private readonly DbTransaction _transaction;
    private bool _ended;

    internal WarehouseTransaction(WarehouseConnection warehouse, DbTransaction transaction)
    {
        _warehouse = warehouse;
        _transaction = transaction;
    }

    /// <summary>Commits. A commit that fails (a full disk, a lost server) ends the transaction too: the engine rolled it back.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            End();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (!_ended)
        {
            await _transaction.RollbackAsync(cancellationToken);
            End();
        }
    }

    /// <summary>
    /// Rolls back what was not committed. When the connection is already gone or the engine ended the transaction itself
    /// (it rolls back whatever failed), there is nothing left to roll back, and the failure that got here is the one to report.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            try
            {
                await RollbackAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or DbException || _warehouse.IsInfrastructureFailure(e))
            {
                End();
            }
        }

        await _transaction.DisposeAsync();
    }

    private void End()
    {
        _ended = true;
        _warehouse.EndTransaction();
    }
}
