using System.Diagnostics;
using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Models;

/// <summary>
/// Carries out one <see cref="PlannedModel"/> on a connection: checks its columns where the plan says to (against its
/// contract, or against the table it updates in place), runs its statements, and swaps a replacement into place, all in
/// one transaction when there is more than one step. A failure leaves the previous object as it was.
/// </summary>
internal static class ModelExecutor
{
    public static async Task<ModelRunResult> BuildAsync(PlannedModel planned, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var model = planned.Model;
        var sql = planned.Statements[^1];
        try
        {
            if (planned.Contract is { } contract && await contract.MismatchAsync(warehouse, model, cancellationToken) is { } mismatch)
            {
                return ModelFailure.Found(model, mismatch, clock);
            }

            if (planned.Action == ModelAction.Update && await ColumnsChangedAsync(planned, warehouse, cancellationToken) is { } changed)
            {
                return ModelFailure.Found(model, changed, clock);
            }

            long affected = -1;
            long changedRows = 0;
            if (!planned.Transactional)
            {
                affected = await warehouse.ExecuteAsync(sql, cancellationToken);
            }
            else
            {
                await using var transaction = await warehouse.BeginTransactionAsync(cancellationToken);
                foreach (var statement in planned.Statements)
                {
                    sql = statement;
                    affected = await warehouse.ExecuteAsync(statement, cancellationToken);
                    if (statement.StartsWith("INSERT", StringComparison.Ordinal) || statement.StartsWith("UPDATE", StringComparison.Ordinal))
                    {
                        changedRows += Math.Max(0, affected);
                    }
                }

                if (planned.Action == ModelAction.Replace)
                {
                    sql = $"-- swap {planned.BuildInto} into {planned.Target}";
                    await warehouse.SwapAsync(planned.BuildInto, planned.Kind, planned.Target, planned.Existing?.Kind, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            long? rows = planned.Action == ModelAction.Update ? changedRows
                : planned.Kind == CatalogObjectKind.View || affected <= 0 ? null
                : affected;
            return new ModelRunResult(model.Id, ModelStatus.Succeeded, rows, clock.Elapsed, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && warehouse.IsInfrastructureFailure(e))
        {
            return ModelFailure.Infrastructure(model, warehouse, e, clock);
        }
        catch (WarehouseException e)
        {
            return ModelFailure.FromEngine(model, sql, e, clock);
        }
    }

    /// <summary>An incremental model or snapshot must still return its table's columns; otherwise what it needs to change, or null.</summary>
    private static async Task<string?> ColumnsChangedAsync(PlannedModel planned, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        var model = planned.Model;
        var existing = planned.Existing!.ColumnNames
            .Where(c => model.Materialization != Materialization.Snapshot || !IncrementalBuild.SnapshotColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var returned = (await warehouse.QueryAsync($"SELECT * FROM (\n{model.Sql}\n) AS model LIMIT 0", cancellationToken: cancellationToken)).Columns.Select(c => c.Name).ToList();
        if (existing.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(returned.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"its columns ({string.Join(", ", returned)}) differ from the table's ({string.Join(", ", existing)}). " +
            (model.Materialization == Materialization.Snapshot
                ? "A snapshot keeps history, so it is never rebuilt: give the changed model a new name, or drop the table on purpose."
                : "Rebuild it with --full-refresh.");
    }
}
