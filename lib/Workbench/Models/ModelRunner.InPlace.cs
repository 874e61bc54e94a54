using System.Diagnostics;
using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>Incremental models and snapshots: updating an existing table inside one transaction.</summary>
public sealed partial class ModelRunner
{
    /// <summary>
    /// Updates an incremental model's or a snapshot's existing table inside one transaction. The model must still return
    /// the table's columns; if its columns changed, an incremental model needs --full-refresh (a snapshot, a new name).
    /// </summary>
    private async Task<ModelRunResult> UpdateInPlaceAsync(SqlModel model, TableName target, WarehouseConnection warehouse, Stopwatch clock, CancellationToken cancellationToken)
    {
        var snapshotAt = SnapshotAt();
        var sql = model.Sql;
        try
        {
            var existing = (await warehouse.GetColumnsAsync(target, cancellationToken))
                .Where(c => model.Materialization != Materialization.Snapshot || !IncrementalBuild.SnapshotColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
                .ToList();
            var returned = (await warehouse.QueryAsync($"SELECT * FROM (\n{model.Sql}\n) AS model LIMIT 0", cancellationToken: cancellationToken)).Columns.Select(c => c.Name).ToList();
            if (!existing.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(returned.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            {
                var message = $"its columns ({string.Join(", ", returned)}) differ from the table's ({string.Join(", ", existing)}). " +
                    (model.Materialization == Materialization.Snapshot
                        ? "A snapshot keeps history, so it is never rebuilt: give the changed model a new name, or drop the table on purpose."
                        : "Rebuild it with --full-refresh.");
                return Failed(model, message, clock);
            }

            var statements = model.Materialization == Materialization.Snapshot
                ? IncrementalBuild.Snapshot(model, target, existing, snapshotAt)
                : IncrementalBuild.Incremental(model, target, existing);
            long changed = 0;
            await using (var transaction = await warehouse.BeginTransactionAsync(cancellationToken))
            {
                foreach (var statement in statements)
                {
                    sql = statement;
                    var affected = await warehouse.ExecuteAsync(statement, cancellationToken);
                    if (statement.StartsWith("INSERT", StringComparison.Ordinal) || statement.StartsWith("UPDATE", StringComparison.Ordinal))
                    {
                        changed += Math.Max(0, affected);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return new ModelRunResult(model.Id, ModelStatus.Succeeded, changed, clock.Elapsed, null);
        }
        catch (WarehouseException e)
        {
            return EngineFailure(model, sql, e, clock);
        }
    }
}
