using System.Globalization;
using Workbench.Contracts;
using Workbench.Models;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Load the seeds and build the selected models in dependency order: plan first (one catalog read; every model's
/// action, reason and statements), then execute. Writes <c>manifest.json</c>, <c>run_results.json</c> and this
/// environment's and warehouse's state for <c>state:modified</c>. A dry run returns the plan and touches nothing.
/// </summary>
/// <param name="Select">Model selectors (NAME, SCHEMA.NAME, LAYER, tag:, path:, state:modified, with +); empty for all.</param>
/// <param name="SnapshotTime">When snapshot versions start and end (UTC); default now. Pipelines pass the end of their run date.</param>
public sealed record BuildModels(
    IReadOnlyList<string>? Select = null,
    IReadOnlyList<string>? Exclude = null,
    bool FullRefresh = false,
    bool FailFast = false,
    int Threads = 1,
    bool DryRun = false,
    DateTime? SnapshotTime = null)
{
    /// <summary>Load the seeds first (as <c>dbt build</c> does).</summary>
    public bool Seeds { get; init; } = true;

    public async Task<ModelsBuilt> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var contracts = session.Contracts(DryRun ? "nothing was planned" : "nothing was built");
        var project = session.Models();
        var selected = session.Select(project, Select, Exclude);
        if (DryRun && !session.Warehouse.Options.Exists)
        {
            // A dry run touches nothing: a warehouse that does not exist yet is planned as empty, not created.
            var options = new ModelBuildOptions { FullRefresh = FullRefresh, SnapshotTime = SnapshotTime ?? DateTime.UtcNow, Contracts = contracts };
            return new ModelsBuilt(ModelPlanner.Plan(project, m => selected.Contains(m.Id), options, new CatalogSnapshot([], []), SqlDialect.For(session.Warehouse.Options.Engine)), [], null);
        }

        var warehouse = await session.ConnectAsync(cancellationToken);
        var runner = new ModelRunner(warehouse)
        {
            Contracts = contracts,
            FailFast = FailFast,
            FullRefresh = FullRefresh,
            SnapshotTime = SnapshotTime,
            Threads = Math.Max(1, Threads),
            OpenConnection = session.OpenAnotherAsync,
            Progress = r => session.Log(Describe(r)),
        };
        var plan = await runner.PlanAsync(project, m => selected.Contains(m.Id), cancellationToken);
        if (DryRun)
        {
            return new ModelsBuilt(plan, [], null);
        }

        var started = DateTimeOffset.UtcNow;
        var seeds = Seeds ? await SeedLoader.LoadAllAsync(warehouse, session.Project.Seeds, contracts, cancellationToken) : [];
        foreach (var seed in seeds)
        {
            session.Log(string.Create(CultureInfo.InvariantCulture, $"{"SEED",-9} {seed.Table,-40} {seed.Rows:N0} rows{(seed.Typed ? string.Empty : " (no contract: text columns)")}"));
        }

        var summary = await runner.RunAsync(plan, cancellationToken);
        var context = new ArtifactContext(session.Project.Name, session.Environment, session.Warehouse.ToString());
        ModelArtifacts.WriteManifest(project, session.Project.Manifest, m => ContractFileOf(contracts, m, session), context);
        ModelArtifacts.WriteRunResults(summary, session.Project.RunResults, started, context, session.Masker.Apply);
        ModelArtifacts.UpdateState(session.Project.StateFile(session.Warehouse), project, summary);
        return new ModelsBuilt(plan, seeds, summary);
    }

    /// <summary>A result as a progress line: status, model, rows, seconds, and the error on the next line.</summary>
    public static string Describe(ModelRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Status.ToString().ToUpperInvariant(),-9} {result.Model,-40} {(result.Rows is { } rows ? $"{rows:N0} rows" : string.Empty),-14} {result.Duration.TotalSeconds,6:0.00} s{(result.Error is null ? string.Empty : Environment.NewLine + "          " + result.Error)}");
    }

    private static string? ContractFileOf(IReadOnlyList<DataContract> contracts, SqlModel model, WorkbenchSession session) =>
        contracts.FirstOrDefault(c => c.Schema.Any(t => TableName.Comparer.Equals(ContractDdl.TableNameOf(t), new TableName(model.Id.Schema, model.Id.Name)))) is { } contract
            ? session.Project.Relative(contract.File)
            : null;
}

/// <summary>What a build did: its plan, the seeds loaded, and a result per model (none for a dry run).</summary>
public sealed record ModelsBuilt(ModelPlan Plan, IReadOnlyList<SeedResult> Seeds, ModelRunSummary? Summary)
{
    public bool Succeeded => Summary?.Succeeded ?? true;

    /// <summary>Throws listing every failure and skip (the one failure itself when it is the only one).</summary>
    public void EnsureSucceeded() => Summary?.EnsureSucceeded();

    public override string ToString()
    {
        if (Summary is not { } summary)
        {
            return Plan.ToText();
        }

        var failed = summary.Results.Count(r => r.Status == ModelStatus.Failed);
        return $"{summary.Results.Count} model(s): {summary.Results.Count(r => r.Status == ModelStatus.Succeeded)} built, {failed} failed, {summary.Results.Count(r => r.Status == ModelStatus.Skipped)} skipped.";
    }
}
