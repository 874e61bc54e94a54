using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>
/// Builds models in dependency order. A table is built under a temporary name and swapped in inside one transaction,
/// so a failed build leaves the previous table readable and unchanged. A failure marks the failed model's
/// descendants skipped; other branches still build.
/// </summary>
public sealed partial class ModelRunner
{
    private readonly WarehouseConnection _warehouse;

    public ModelRunner(WarehouseConnection warehouse)
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

    /// <summary>
    /// How many models may build at once, each on its own connection from <see cref="OpenConnection"/>, where the
    /// engine allows it (PostgreSQL). DuckDB builds one at a time: each statement already uses every core.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Opens another connection to the same warehouse, for <see cref="Threads"/> above 1.</summary>
    public Func<CancellationToken, Task<WarehouseConnection>>? OpenConnection { get; init; }

    /// <summary>
    /// Where each model is built: its own <c>schema.name</c> when null. Environments in one PostgreSQL database use
    /// this (<c>qa_staging.stg_orders</c>); references between models are rewritten to match, sources are not.
    /// </summary>
    public Func<ModelId, TableName>? TableFor { get; init; }

    /// <summary>Contracts that table models must satisfy: a model with one is built into a table created from it.</summary>
    public IReadOnlyList<Contracts.DataContract>? Contracts { get; init; }

    public async Task<ModelRunSummary> RunAsync(ModelProject project, Func<SqlModel, bool>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var results = new List<ModelRunResult>();
        var blocked = new HashSet<ModelId>();
        _started = DateTime.UtcNow;
        _uncounted.Clear();
        _reported = 0;
        await LoadObjectsAsync(project, cancellationToken);
        if (Threads > 1 && OpenConnection is not null && _warehouse.Engine == WarehouseEngine.Postgres)
        {
            return await RunConcurrentlyAsync(project, project.InBuildOrder(select), cancellationToken);
        }

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
                result = await BuildAsync(model, _warehouse, cancellationToken);
                if (result.Status == ModelStatus.Failed)
                {
                    blocked.UnionWith(project.Graph.Descendants(model.Id));
                }
            }

            results.Add(result);
            if (result.Rows is null && result.Status == ModelStatus.Succeeded && model.Materialization != Materialization.View)
            {
                _uncounted.Add(results.Count - 1);
            }

            if (_uncounted.Count >= 64 || result.Status != ModelStatus.Succeeded)
            {
                await CountAsync(results, cancellationToken);
            }

            ReportUpTo(results);
        }

        await CountAsync(results, cancellationToken);
        ReportUpTo(results);
        return new ModelRunSummary(results);
    }

    /// <summary>Results whose rows are still to be counted (by index), and how many results have been reported.</summary>
    private readonly List<int> _uncounted = [];
    private int _reported;

    /// <summary>
    /// Counts the rows of the tables built since the last count in one query: a round trip per table costs more than
    /// building a small model (DuckDB does not report the rows a CREATE TABLE AS wrote).
    /// </summary>
    private async Task CountAsync(List<ModelRunResult> results, CancellationToken cancellationToken)
    {
        if (_uncounted.Count == 0)
        {
            return;
        }

        var counts = await _warehouse.QueryAsync(
            string.Join("\nUNION ALL\n", _uncounted.Select(i => string.Create(CultureInfo.InvariantCulture,
                $"SELECT {i} AS result, COUNT(*) AS n FROM {Quote(Table(results[i].Model))}"))),
            cancellationToken: cancellationToken);
        foreach (var row in counts.Rows)
        {
            var index = Convert.ToInt32(row[0], CultureInfo.InvariantCulture);
            results[index] = results[index] with { Rows = Convert.ToInt64(row[1], CultureInfo.InvariantCulture) };
        }

        _uncounted.Clear();
    }

    /// <summary>Reports results in build order, holding back those still waiting for their row count.</summary>
    private void ReportUpTo(List<ModelRunResult> results)
    {
        var firstUncounted = _uncounted.Count == 0 ? results.Count : _uncounted.Min();
        for (; _reported < firstUncounted; _reported++)
        {
            Progress?.Invoke(results[_reported]);
        }
    }

    private async Task<ModelRunResult> BuildAsync(SqlModel model, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var target = Table(model.Id);
        model = Relocated(model);
        bool isNew;
        lock (_objects)
        {
            isNew = !_objects.ContainsKey(target.ToString());
        }
        if (!isNew && model.Materialization is Materialization.Incremental or Materialization.Snapshot && (model.Materialization == Materialization.Snapshot || !FullRefresh))
        {
            return await UpdateInPlaceAsync(model, target, warehouse, clock, cancellationToken);
        }

        // A model built for the first time is created under its own name (one statement, or a transaction when the
        // contract makes it two); one that exists is built beside it and swapped in, so readers never see it missing.
        var into = isNew ? target : new TableName(target.Schema, target.Name + "__wb_new");
        var contract = model.Materialization is Materialization.Table or Materialization.Incremental ? ModelContract.Find(Contracts, model.Id) : null;
        IReadOnlyList<string> statements = contract is not null
            ? contract.BuildStatements(model, into, warehouse.Engine)
            : model.Materialization switch
            {
                Materialization.View => [$"CREATE VIEW {Quote(into)} AS\n{model.Sql}"],
                Materialization.Snapshot => [IncrementalBuild.CreateSnapshot(model, into, SnapshotAt())],
                _ => [$"CREATE TABLE {Quote(into)} AS\n{model.Sql}"],
            };
        var sql = statements[^1];
        var kind = model.Materialization == Materialization.View ? "VIEW" : "TABLE";
        try
        {
            if (contract is not null && await contract.MismatchAsync(warehouse, model, cancellationToken) is { } mismatch)
            {
                return Failed(model, mismatch, clock);
            }

            long affected;
            if (isNew && statements.Count == 1)
            {
                affected = await warehouse.ExecuteAsync(sql, cancellationToken);
            }
            else
            {
                await using var transaction = await warehouse.BeginTransactionAsync(cancellationToken);
                if (!isNew)
                {
                    await DropAsync(into, warehouse, cancellationToken);
                }

                affected = -1;
                foreach (var statement in statements)
                {
                    sql = statement;
                    affected = await warehouse.ExecuteAsync(statement, cancellationToken);
                }

                if (!isNew)
                {
                    var dependentViews = await warehouse.DependentViewsAsync(target, cancellationToken);
                    await DropAsync(target, warehouse, cancellationToken, cascade: dependentViews.Count > 0);
                    await warehouse.ExecuteAsync($"ALTER {kind} {Quote(into)} RENAME TO {Quote(target.Name)}", cancellationToken);
                    foreach (var view in dependentViews)
                    {
                        // Views downstream keep working: they are recreated on the new table inside the same transaction.
                        await warehouse.ExecuteAsync(view, cancellationToken);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }

            lock (_objects)
            {
                _objects[target.ToString()] = kind;
            }
            // PostgreSQL reports the rows a CREATE TABLE AS wrote; DuckDB reports 0: the run counts those afterwards, in bulk.
            long? rows = model.Materialization == Materialization.View || affected <= 0 ? null : affected;
            return new ModelRunResult(model.Id, ModelStatus.Succeeded, rows, clock.Elapsed, null);
        }
        catch (WarehouseException e)
        {
            return EngineFailure(model, sql, e, clock);
        }
    }

    /// <summary>Tables and views in the models' schemas, by "schema.name", looked up once per run instead of once per model.</summary>
    private readonly Dictionary<string, string> _objects = new(StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _schemas = new(StringComparer.OrdinalIgnoreCase);

    private async Task LoadObjectsAsync(ModelProject project, CancellationToken cancellationToken)
    {
        _objects.Clear();
        _schemas.Clear();
        _project = project;
        var schemas = project.Models.Keys.Select(k => Table(k).Schema).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (schemas.Count == 0)
        {
            return;
        }

        var found = await _warehouse.QueryAsync(
            $"SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema IN ({string.Join(", ", schemas.Select(Literal))})",
            cancellationToken: cancellationToken);
        foreach (var row in found.Rows)
        {
            _objects[$"{row[0]}.{row[1]}"] = ((string?)row[2])?.Contains("VIEW", StringComparison.OrdinalIgnoreCase) == true ? "VIEW" : "TABLE";
            _schemas.Add((string)row[0]!);
        }

        // Schemas first, on one connection: concurrent CREATE SCHEMA IF NOT EXISTS can collide on PostgreSQL.
        foreach (var schema in schemas.Where(s => !_schemas.Contains(s)))
        {
            await _warehouse.CreateSchemaAsync(schema, cancellationToken);
            _schemas.Add(schema);
        }
    }

    private ModelProject? _project;

    private TableName Table(ModelId id) => TableFor?.Invoke(id) ?? new TableName(id.Schema, id.Name);

    /// <summary>The model with its references to other models pointing at where those are built (when <see cref="TableFor"/> moves them).</summary>
    private SqlModel Relocated(SqlModel model)
    {
        if (TableFor is null || _project is null)
        {
            return model;
        }

        var sql = model.Sql;
        foreach (var (schema, name, index, length) in SqlReferenceScanner.Locate(sql).Reverse())
        {
            var id = new ModelId(schema.ToLowerInvariant(), name.ToLowerInvariant());
            if (_project.Models.ContainsKey(id))
            {
                sql = sql[..index] + Quote(Table(id)) + sql[(index + length)..];
            }
        }

        return model with { Sql = sql };
    }

    private DateTime SnapshotAt() => (SnapshotTime ?? _started).ToUniversalTime();

    private DateTime _started = DateTime.UtcNow;

    private async Task DropAsync(TableName table, WarehouseConnection warehouse, CancellationToken cancellationToken, bool cascade = false)
    {
        string? known;
        lock (_objects)
        {
            known = _objects.GetValueOrDefault(table.ToString());
        }

        var type = known ?? await warehouse.ScalarAsync<string>(
            $"""
            SELECT table_type FROM information_schema.tables
            WHERE table_schema = {Literal(table.Schema)} AND table_name = {Literal(table.Name)}
            """,
            cancellationToken);
        if (type is not null)
        {
            var kind = type.Contains("VIEW", StringComparison.OrdinalIgnoreCase) ? "VIEW" : "TABLE";
            await warehouse.ExecuteAsync($"DROP {kind} {Quote(table)}{(cascade ? " CASCADE" : string.Empty)}", cancellationToken);
            lock (_objects)
            {
                _objects.Remove(table.ToString());
            }
        }
    }
}
