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

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _transaction.CommitAsync(cancellationToken);
        End();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (!_ended)
        {
            await _transaction.RollbackAsync(cancellationToken);
            End();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            await RollbackAsync();
        }

        await _transaction.DisposeAsync();
    }

    private void End()
    {
        _ended = true;
        _warehouse.EndTransaction();
    }
}
