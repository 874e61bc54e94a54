using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.Warehouse;

namespace Workbench.Models;

/// <summary>
/// Builds models in dependency order. A table is built under a temporary name and swapped in inside one transaction,
/// so a failed build leaves the previous table readable and unchanged. A failure marks the failed model's
/// descendants skipped; other branches still build.
/// </summary>
public sealed partial class ModelRunner
{
    private readonly Warehouse.Warehouse _warehouse;

    public ModelRunner(Warehouse.Warehouse warehouse)
    {
        _warehouse = warehouse ?? throw new ArgumentNullException(nameof(warehouse));
    }

    /// <summary>Called after each model with its result, e.g. to print progress.</summary>
    public Action<ModelRunResult>? Progress { get; init; }

    /// <summary>Rebuild incremental models from scratch instead of adding to them (snapshots keep their history regardless).</summary>
    public bool FullRefresh { get; init; }

    /// <summary>The time snapshot versions start and end at (UTC); the run's start when not given.</summary>
    public DateTime? SnapshotTime { get; init; }

    /// <summary>Stop at the first failure: every model after it is skipped, related or not.</summary>
    public bool FailFast { get; init; }

    /// <summary>Contracts that table models must satisfy: a model with one is built into a table created from it.</summary>
    public IReadOnlyList<Contracts.DataContract>? Contracts { get; init; }

    public async Task<ModelRunSummary> RunAsync(ModelProject project, Func<SqlModel, bool>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var results = new List<ModelRunResult>();
        var blocked = new HashSet<ModelId>();
        _started = DateTime.UtcNow;
        foreach (var model in project.InBuildOrder(select))
        {
            ModelRunResult result;
            if (FailFast && results.Any(r => r.Status == ModelStatus.Failed))
            {
                result = new ModelRunResult(model.Id, ModelStatus.Skipped, null, TimeSpan.Zero, $"{model.Id} skipped: --fail-fast stopped the run at the first failure");
            }
            else if (blocked.Contains(model.Id))
            {
                result = new ModelRunResult(model.Id, ModelStatus.Skipped, null, TimeSpan.Zero, $"{model.Id} skipped: an upstream model failed");
            }
            else
            {
                result = await BuildAsync(model, cancellationToken);
                if (result.Status == ModelStatus.Failed)
                {
                    blocked.UnionWith(project.Graph.Descendants(model.Id));
                }
            }

            results.Add(result);
            Progress?.Invoke(result);
        }

        return new ModelRunSummary(results);
    }

    private async Task<ModelRunResult> BuildAsync(SqlModel model, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var target = new TableName(model.Id.Schema, model.Id.Name);
        var staging = new TableName(model.Id.Schema, model.Id.Name + "__wb_new");
        var exists = model.Materialization is Materialization.Incremental or Materialization.Snapshot && await _warehouse.TableExistsAsync(target, cancellationToken);
        if (exists && (model.Materialization == Materialization.Snapshot || !FullRefresh))
        {
            return await UpdateInPlaceAsync(model, target, clock, cancellationToken);
        }

        var contract = model.Materialization is Materialization.Table or Materialization.Incremental ? ModelContract.Find(Contracts, model.Id) : null;
        IReadOnlyList<string> statements = contract is not null
            ? contract.BuildStatements(model, staging, _warehouse.Engine)
            : model.Materialization switch
            {
                Materialization.View => [$"CREATE VIEW {Quote(staging)} AS\n{model.Sql}"],
                Materialization.Snapshot => [IncrementalBuild.CreateSnapshot(model, staging, SnapshotAt())],
                _ => [$"CREATE TABLE {Quote(staging)} AS\n{model.Sql}"],
            };
        var sql = statements[^1];
        try
        {
            await _warehouse.CreateSchemaAsync(model.Id.Schema, cancellationToken);
            if (contract is not null && await contract.MismatchAsync(_warehouse, model, cancellationToken) is { } mismatch)
            {
                var failure = new ModelExecutionException(model.Id, model.Path, null, model.Sql, mismatch, null);
                return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
            }

            await using var transaction = await _warehouse.BeginTransactionAsync(cancellationToken);
            await DropAsync(staging, cancellationToken);
            foreach (var statement in statements)
            {
                sql = statement;
                await _warehouse.ExecuteAsync(statement, cancellationToken);
            }

            var dependentViews = await _warehouse.DependentViewsAsync(target, cancellationToken);
            await DropAsync(target, cancellationToken, cascade: dependentViews.Count > 0);
            var kind = model.Materialization == Materialization.View ? "VIEW" : "TABLE";
            await _warehouse.ExecuteAsync($"ALTER {kind} {Quote(staging)} RENAME TO {Quote(target.Name)}", cancellationToken);
            foreach (var view in dependentViews)
            {
                // Views downstream keep working: they are recreated on the new table inside the same transaction.
                await _warehouse.ExecuteAsync(view, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            long? rows = model.Materialization != Materialization.View
                ? await _warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {Quote(target)}", cancellationToken)
                : null;
            return new ModelRunResult(model.Id, ModelStatus.Succeeded, rows, clock.Elapsed, null);
        }
        catch (WarehouseException e)
        {
            var engineMessage = (e.InnerException?.Message ?? e.Message).Trim();
            var at = sql.IndexOf(model.Sql, StringComparison.Ordinal);
            var linesBefore = at < 0 ? 1 : sql.AsSpan(0, at).Count('\n');
            var line = EngineLine(engineMessage) is { } statementLine && at >= 0 ? model.BodyStartLine + statementLine - 1 - linesBefore : (int?)null;
            var failure = new ModelExecutionException(model.Id, model.Path, line, sql, engineMessage, e);
            return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
        }
    }

    private DateTime SnapshotAt() => (SnapshotTime ?? _started).ToUniversalTime();

    private DateTime _started = DateTime.UtcNow;

    /// <summary>
    /// Updates an incremental model's or a snapshot's existing table inside one transaction. The model must still return
    /// the table's columns; if its columns changed, an incremental model needs --full-refresh (a snapshot, a new name).
    /// </summary>
    private async Task<ModelRunResult> UpdateInPlaceAsync(SqlModel model, TableName target, Stopwatch clock, CancellationToken cancellationToken)
    {
        var sql = model.Sql;
        try
        {
            var existing = (await _warehouse.GetColumnsAsync(target, cancellationToken))
                .Where(c => model.Materialization != Materialization.Snapshot || !IncrementalBuild.SnapshotColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
                .ToList();
            var returned = (await _warehouse.QueryAsync($"SELECT * FROM (\n{model.Sql}\n) AS model LIMIT 0", cancellationToken: cancellationToken)).Columns.Select(c => c.Name).ToList();
            if (!existing.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(returned.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            {
                var message = $"its columns ({string.Join(", ", returned)}) differ from the table's ({string.Join(", ", existing)}). " +
                    (model.Materialization == Materialization.Snapshot
                        ? "A snapshot keeps history, so it is never rebuilt: give the changed model a new name, or drop the table on purpose."
                        : "Rebuild it with --full-refresh.");
                var failure = new ModelExecutionException(model.Id, model.Path, null, model.Sql, message, null);
                return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
            }

            var statements = model.Materialization == Materialization.Snapshot
                ? IncrementalBuild.Snapshot(model, target, existing, SnapshotAt())
                : IncrementalBuild.Incremental(model, target, existing);
            long changed = 0;
            await using (var transaction = await _warehouse.BeginTransactionAsync(cancellationToken))
            {
                foreach (var statement in statements)
                {
                    sql = statement;
                    var affected = await _warehouse.ExecuteAsync(statement, cancellationToken);
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
            var engineMessage = (e.InnerException?.Message ?? e.Message).Trim();
            var failure = new ModelExecutionException(model.Id, model.Path, null, sql, engineMessage, e);
            return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
        }
    }

    private async Task DropAsync(TableName table, CancellationToken cancellationToken, bool cascade = false)
    {
        var type = await _warehouse.ScalarAsync<string>(
            $"""
            SELECT table_type FROM information_schema.tables
            WHERE table_schema = {Literal(table.Schema)} AND table_name = {Literal(table.Name)}
            """,
            cancellationToken);
        if (type is not null)
        {
            var kind = type.Contains("VIEW", StringComparison.OrdinalIgnoreCase) ? "VIEW" : "TABLE";
            await _warehouse.ExecuteAsync($"DROP {kind} {Quote(table)}{(cascade ? " CASCADE" : string.Empty)}", cancellationToken);
        }
    }

    /// <summary>The statement line an engine message points at (DuckDB: "LINE 3:"; PostgreSQL positions are not lines).</summary>
    private static int? EngineLine(string message) =>
        EngineLinePattern().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"LINE (\d+):")]
    private static partial Regex EngineLinePattern();
}
