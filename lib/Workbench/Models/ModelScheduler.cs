using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>
/// Walks a plan and builds its models, one at a time or several at once, and owns the rules for what is not built: a
/// model whose upstream failed (or was skipped) is skipped, naming it; with fail-fast, or once the warehouse itself
/// failed under a model, everything not yet started is. A
/// model starts when every planned model it reads has built. Results come back in build order; progress is reported
/// as models finish, once their rows are counted (counted in bulk: a round trip per table costs more than a small model).
/// </summary>
internal sealed class ModelScheduler
{
    private readonly WarehouseConnection _warehouse;
    private readonly int _parallelism;
    private readonly Func<CancellationToken, Task<WarehouseConnection>>? _openConnection;

    /// <param name="warehouse">The connection models build on when one at a time, and rows are counted on.</param>
    /// <param name="parallelism">How many models may build at once; above 1 each gets its own connection from <paramref name="openConnection"/>.</param>
    public ModelScheduler(WarehouseConnection warehouse, int parallelism, Func<CancellationToken, Task<WarehouseConnection>>? openConnection)
    {
        _warehouse = warehouse;
        _parallelism = openConnection is null ? 1 : Math.Max(1, parallelism);
        _openConnection = openConnection;
    }

    /// <summary>How an audit's failure starts its message, so the models it skips say the model "failed its checks".</summary>
    public const string ChecksFailed = "checks failed";

    public bool FailFast { get; init; }

    public Action<ModelRunResult>? Progress { get; init; }

    /// <summary>Runs after a model builds, on its connection: may turn its result into a failure (see <see cref="ModelRunner.Audit"/>).</summary>
    public Func<PlannedModel, ModelRunResult, WarehouseConnection, CancellationToken, Task<ModelRunResult>>? Audit { get; init; }

    /// <summary>Sources (<c>schema.name</c>, lower case) that failed before the run, with why (a seed that failed its checks): what reads one is skipped.</summary>
    public IReadOnlyDictionary<string, string> FailedSources { get; init; } = new Dictionary<string, string>();

    public async Task<ModelRunSummary> RunAsync(ModelPlan plan, CancellationToken cancellationToken)
    {
        foreach (var schema in plan.SchemasToCreate)
        {
            // On one connection, before any build: concurrent CREATE SCHEMA IF NOT EXISTS can collide on a server.
            await _warehouse.CreateSchemaAsync(schema, cancellationToken);
        }

        var planned = plan.Models.Select(m => m.Id).ToHashSet();
        var waiting = plan.Models.ToList();
        var done = new Dictionary<ModelId, ModelRunResult>();
        var running = new Dictionary<Task<ModelRunResult>, WarehouseConnection>();
        var idle = new Stack<WarehouseConnection>();
        var opened = new List<WarehouseConnection>();
        var reporter = new Reporter(this, plan);
        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                foreach (var model in waiting.ToList())
                {
                    var inputs = model.Model.DependsOn.Where(planned.Contains).ToList();
                    if (model.Model.Sources.Select(t => t.ToLowerInvariant()).FirstOrDefault(FailedSources.ContainsKey) is { } failedSource)
                    {
                        waiting.Remove(model);
                        Finish(Skipped(model, $"{model.Id} skipped: it reads {failedSource}, which {FailedSources[failedSource]}"));
                    }
                    else if (inputs.FirstOrDefault(i => done.TryGetValue(i, out var r) && r.Status != ModelStatus.Succeeded) is { Schema: not null } blocker)
                    {
                        waiting.Remove(model);
                        var why = done[blocker].Status == ModelStatus.Skipped ? "was skipped"
                            : done[blocker].Error?.StartsWith(ChecksFailed, StringComparison.Ordinal) == true ? "failed its checks" : "failed";
                        Finish(Skipped(model, $"{model.Id} skipped: it reads {blocker}, which {why}"));
                    }
                    else if (done.Values.FirstOrDefault(ModelFailure.IsInfrastructure) is { } broken)
                    {
                        waiting.Remove(model);
                        Finish(Skipped(model, $"{model.Id} skipped: the warehouse failed while {broken.Model} was being built"));
                    }
                    else if (FailFast && done.Values.Any(r => r.Status == ModelStatus.Failed))
                    {
                        waiting.Remove(model);
                        Finish(Skipped(model, $"{model.Id} skipped: --fail-fast stopped the run at the first failure"));
                    }
                    else if (running.Count < _parallelism && inputs.All(done.ContainsKey))
                    {
                        waiting.Remove(model);
                        var connection = await ConnectionAsync(idle, opened, cancellationToken);
                        running[BuildAsync(model, connection, cancellationToken)] = connection;
                    }
                }

                if (running.Count == 0)
                {
                    continue;
                }

                var finished = await Task.WhenAny(running.Keys);
                idle.Push(running[finished]);
                running.Remove(finished);
                Finish(await finished);
                await reporter.FlushIfDueAsync(canCount: running.Count == 0 || _parallelism > 1, cancellationToken);
            }
        }
        finally
        {
            await ((Task)Task.WhenAll(running.Keys)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // never close a connection a build still uses
            foreach (var connection in opened)
            {
                await connection.DisposeAsync();
            }
        }

        await reporter.FlushAsync(cancellationToken);
        return new ModelRunSummary(plan.Models.Select(m => reporter.Results[m.Id]).ToList());

        void Finish(ModelRunResult result)
        {
            done[result.Model] = result;
            reporter.Add(result);
        }
    }

    private async Task<ModelRunResult> BuildAsync(PlannedModel model, WarehouseConnection connection, CancellationToken cancellationToken)
    {
        var result = await ModelExecutor.BuildAsync(model, connection, cancellationToken);
        return result.Status == ModelStatus.Succeeded && Audit is { } audit ? await audit(model, result, connection, cancellationToken) : result;
    }

    private async Task<WarehouseConnection> ConnectionAsync(Stack<WarehouseConnection> idle, List<WarehouseConnection> opened, CancellationToken cancellationToken)
    {
        if (_parallelism == 1)
        {
            return _warehouse;
        }

        if (idle.TryPop(out var connection))
        {
            return connection;
        }

        connection = await _openConnection!(cancellationToken);
        opened.Add(connection);
        return connection;
    }

    private static ModelRunResult Skipped(PlannedModel model, string why) => new(model.Id, ModelStatus.Skipped, null, TimeSpan.Zero, why);

    /// <summary>Holds results back until their rows are counted, counts them in one query, and reports them in the order they finished.</summary>
    private sealed class Reporter(ModelScheduler scheduler, ModelPlan plan)
    {
        private readonly List<ModelRunResult> _pending = [];
        private readonly System.Diagnostics.Stopwatch _waiting = new();

        public Dictionary<ModelId, ModelRunResult> Results { get; } = [];

        public void Add(ModelRunResult result)
        {
            Results[result.Model] = result;
            _pending.Add(result);
        }

        /// <summary>Counts when enough results wait (or one has waited long, or something failed); reports what needs no count at once.</summary>
        /// <param name="canCount">Whether the counting connection is free now.</param>
        public async Task FlushIfDueAsync(bool canCount, CancellationToken cancellationToken)
        {
            var waiting = _pending.Count(NeedsCount);
            if (canCount && (waiting >= 64 || (waiting > 0 && _waiting.Elapsed > TimeSpan.FromSeconds(2)) || _pending.Any(r => r.Status != ModelStatus.Succeeded)))
            {
                await FlushAsync(cancellationToken);
                return;
            }

            var ready = _pending.TakeWhile(r => !NeedsCount(r)).ToList();
            foreach (var result in ready)
            {
                scheduler.Progress?.Invoke(result);
            }

            _pending.RemoveRange(0, ready.Count);
            if (_pending.Count > 0 && !_waiting.IsRunning)
            {
                _waiting.Restart();
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            // After the warehouse failed, rows are not counted: the connection is gone, and the counts would not be kept.
            var uncounted = Results.Values.Any(ModelFailure.IsInfrastructure) ? [] : _pending.Where(NeedsCount).ToList();
            if (uncounted.Count > 0)
            {
                var counts = await scheduler._warehouse.QueryAsync(
                    string.Join("\nUNION ALL\n", uncounted.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
                        $"SELECT {i} AS result, COUNT(*) AS n FROM {Quote(plan[r.Model].Target)}"))),
                    cancellationToken: cancellationToken);
                foreach (var row in counts.Rows)
                {
                    var result = uncounted[Convert.ToInt32(row[0], CultureInfo.InvariantCulture)];
                    Results[result.Model] = result with { Rows = Convert.ToInt64(row[1], CultureInfo.InvariantCulture) };
                }
            }

            foreach (var result in _pending)
            {
                scheduler.Progress?.Invoke(Results[result.Model]);
            }

            _pending.Clear();
            _waiting.Reset();
        }

        private bool NeedsCount(ModelRunResult result) =>
            result.Status == ModelStatus.Succeeded && result.Rows is null && plan[result.Model].Kind == CatalogObjectKind.Table;
    }
}
