using Workbench.Warehouse;

namespace Workbench.Models;

/// <summary>
/// Builds models: plans first (<see cref="ModelPlanner"/>: one catalog read, every decision made), then executes the
/// plan (<see cref="ModelScheduler"/>). A table is built under a temporary name and swapped in inside one transaction,
/// so a failed build leaves the previous table readable and unchanged; a failure skips the failed model's descendants
/// and other branches still build.
/// </summary>
public sealed class ModelRunner
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
    /// engine allows it (<see cref="EngineCapabilities.ConcurrentBuilds"/>). Otherwise one at a time.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Opens another connection to the same warehouse, for <see cref="Threads"/> above 1.</summary>
    public Func<CancellationToken, Task<WarehouseConnection>>? OpenConnection { get; init; }

    /// <summary>Where each model is built: its own <c>schema.name</c> when null (see <see cref="ModelBuildOptions.TableFor"/>).</summary>
    public Func<ModelId, TableName>? TableFor { get; init; }

    /// <summary>Contracts that table models must satisfy: a model with one is built into a table created from it.</summary>
    public IReadOnlyList<Contracts.DataContract>? Contracts { get; init; }

    /// <summary>Where relations that are not models (seeds) are read from, when not where their names say.</summary>
    public Func<TableName, TableName?>? Sources { get; init; }

    /// <summary>
    /// Runs after each model builds, on its connection, before anything that reads it starts: a result it turns into a
    /// failure (a check failed) skips the model's descendants as a build failure would.
    /// </summary>
    /// <summary>Write view models as tables (see <see cref="ModelBuildOptions.ViewsAsTables"/>).</summary>
    public bool ViewsAsTables { get; init; }

    /// <summary>Sources that failed before the run (a seed that failed its checks), with why: what reads one is skipped.</summary>
    public IReadOnlyDictionary<string, string> FailedSources { get; init; } = new Dictionary<string, string>();

    public Func<PlannedModel, ModelRunResult, WarehouseConnection, CancellationToken, Task<ModelRunResult>>? Audit { get; init; }

    /// <summary>The plan for the selected models, without changing anything.</summary>
    public Task<ModelPlan> PlanAsync(ModelProject project, Func<SqlModel, bool>? select = null, CancellationToken cancellationToken = default) =>
        ModelPlanner.PlanAsync(_warehouse, project, select, BuildOptions, cancellationToken);

    /// <summary>The options the plan is made with.</summary>
    public ModelBuildOptions BuildOptions => new()
    {
        FullRefresh = FullRefresh,
        SnapshotTime = SnapshotTime ?? DateTime.UtcNow,
        TableFor = TableFor,
        Contracts = Contracts,
        Sources = Sources,
        ViewsAsTables = ViewsAsTables,
    };

    /// <summary>Plans the selected models and builds them.</summary>
    public async Task<ModelRunSummary> RunAsync(ModelProject project, Func<SqlModel, bool>? select = null, CancellationToken cancellationToken = default) =>
        await RunAsync(await PlanAsync(project, select, cancellationToken), cancellationToken);

    /// <summary>Builds what <paramref name="plan"/> says, in its order.</summary>
    public Task<ModelRunSummary> RunAsync(ModelPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parallel = Threads > 1 && _warehouse.Capabilities.ConcurrentBuilds ? Threads : 1;
        return new ModelScheduler(_warehouse, parallel, parallel > 1 ? OpenConnection : null) { FailFast = FailFast, Progress = Progress, Audit = Audit, FailedSources = FailedSources }.RunAsync(plan, cancellationToken);
    }
}
