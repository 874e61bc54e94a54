using System.Globalization;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.History;
using Workbench.Models;
using Workbench.Publishing;
using Workbench.Quality;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Application;

/// <summary>
/// Build with write-audit-publish, like <c>dbt build</c>, in dependency order: the seeds and the selected models are
/// written to this build's own schema (<see cref="BuildArea"/>), where readers of the published schemas do not see them;
/// each is audited there as soon as it is written (its data tests, its contract's checks, its columns against the
/// contract), so what reads a model that failed is skipped, saying why; then what passed is published all at once
/// (<see cref="Publisher"/>), and every node and check is recorded in the run history. Incremental models and snapshots
/// start from a copy of their published table, so their new rows are audited before they are merged in view of readers.
/// </summary>
/// <param name="Select">Model selectors (NAME, SCHEMA.NAME, LAYER, tag:, path:, state:modified, with +); empty for all.</param>
/// <param name="SnapshotTime">When snapshot versions start and end (UTC); default now. Pipelines pass the end of their run date.</param>
/// <param name="AsOf">When freshness SLAs are judged (UTC); default now.</param>
public sealed record Build(
    IReadOnlyList<string>? Select = null,
    IReadOnlyList<string>? Exclude = null,
    bool FullRefresh = false,
    bool FailFast = false,
    int Threads = 1,
    bool DryRun = false,
    DateTime? SnapshotTime = null,
    DateTime? AsOf = null)
{
    /// <summary>Load the seeds first (as <c>dbt build</c> does).</summary>
    public bool Seeds { get; init; } = true;

    /// <summary>Run the data tests and contract checks before publishing (<c>models run</c> builds without them).</summary>
    public bool Audit { get; init; } = true;

    /// <summary>How much is published when something fails; default: the project's <c>builds.publish</c> (all).</summary>
    public PublishMode? Publish { get; init; }

    /// <summary>What the history calls this operation.</summary>
    public string Operation { get; init; } = "build";

    /// <summary>
    /// The same build without its checks (<c>workbench models run</c>, like <c>dbt run</c>): the same write-and-publish
    /// path, publishing every model that built (and whose inputs did), so a failure leaves its published table as it was.
    /// </summary>
    public Build WithoutChecks() => this with { Audit = false, Publish = PublishMode.Passing, Operation = "models run" };

    public async Task<ModelsBuilt> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var contracts = session.Contracts(DryRun ? "nothing was planned" : "nothing was built");
        var project = session.Models();
        var selected = session.Select(project, Select, Exclude);
        var names = session.Published;
        if (DryRun)
        {
            return await PlanOnlyAsync(session, project, selected, contracts, names, cancellationToken);
        }

        var warehouse = await session.ConnectAsync(cancellationToken);
        await using var run = await session.BeginRunAsync(Operation, new Dictionary<string, object?>
        {
            ["select"] = Select, ["exclude"] = Exclude, ["full_refresh"] = FullRefresh, ["audit"] = Audit, ["publish"] = (Publish ?? session.Project.Settings.Builds.Publish).ToString().ToLowerInvariant(),
        }, cancellationToken);
        await using var lease = await BuildLock.AcquireAsync(warehouse, session.Project.Name, session.Environment, "built", session.Log, cancellationToken);
        var started = DateTimeOffset.UtcNow;
        var buildId = RunIds.New();
        var keep = session.Project.Settings.Builds.Keep;
        foreach (var dropped in await BuildJanitor.CleanAsync(warehouse, keep, buildId, cancellationToken))
        {
            session.Log($"CLEAN     {dropped} (no publication needs it)");
        }

        await EnsureSourcesAsync(session, project, selected, warehouse, cancellationToken);
        var area = BuildArea.SchemaOf(buildId);
        await warehouse.CreateSchemaAsync(area, cancellationToken);
        session.Log($"BUILD     {buildId}: written to {area}, published when audited");

        // Seeds, then copies of the incremental models and snapshots to merge into.
        var seeds = Seeds ? await SeedLoader.LoadAllAsync(warehouse, session.Project.Seeds, contracts, t => BuildArea.VersionOf(buildId, names.Of(t)), cancellationToken) : [];
        foreach (var seed in seeds)
        {
            session.Log(string.Create(CultureInfo.InvariantCulture, $"{"SEED",-9} {seed.Seed,-40} {seed.Rows:N0} rows{(seed.Typed ? string.Empty : " (no contract: text columns)")}"));
        }

        var seeded = seeds.ToDictionary(s => s.Seed, s => s.Table, TableName.Comparer);
        var versions = selected.ToDictionary(id => id, id => BuildArea.VersionOf(buildId, names.Of(id)));
        foreach (var seed in seeds)
        {
            versions[IdOf(seed.Seed)] = seed.Table;
        }

        var published = await warehouse.ReadCatalogAsync(project.InBuildOrder(m => selected.Contains(m.Id)).Select(m => names.Of(m.Id).Schema).Distinct(StringComparer.OrdinalIgnoreCase), cancellationToken);
        foreach (var model in project.InBuildOrder(m => selected.Contains(m.Id) && (m.Materialization == Materialization.Snapshot || (m.Materialization == Materialization.Incremental && !FullRefresh))))
        {
            if (published.Find(names.Of(model.Id)) is not null)
            {
                await warehouse.ExecuteAsync($"CREATE TABLE {Quote(versions[model.Id])} AS SELECT * FROM {Quote(names.Of(model.Id))}", cancellationToken);
            }
        }

        var audit = Audit ? await AuditAsync(session, project, versions, contracts, selected.Count == project.Models.Count, warehouse, cancellationToken) : null;
        if (audit is not null && seeds.Count > 0)
        {
            await audit.AfterAsync(seeds.Select(s => IdOf(s.Seed)).ToList(), warehouse, cancellationToken);
        }

        var runner = new ModelRunner(warehouse)
        {
            Contracts = contracts,
            FailFast = FailFast,
            FullRefresh = FullRefresh,
            SnapshotTime = SnapshotTime,
            Threads = Math.Max(1, Threads),
            OpenConnection = session.OpenAnotherAsync,
            Progress = r => session.Log(Describe(r)),
            TableFor = id => versions.TryGetValue(id, out var version) ? version : names.Of(id),
            ViewsAsTables = true, // readers never see the build area; each view is published as a view over the published names
            Sources = t => seeded.TryGetValue(t, out var seed) ? seed : t.Schema == SeedLoader.Schema ? names.Of(t) : null,
            Audit = audit is null ? null : audit.AfterModelAsync,
            FailedSources = seeds.Where(s => audit?.Failed.ContainsKey(IdOf(s.Seed)) == true).ToDictionary(s => s.Seed.ToString().ToLowerInvariant(), _ => "failed its checks"),
        };
        var plan = await runner.PlanAsync(project, m => selected.Contains(m.Id), cancellationToken);
        var summary = await runner.RunAsync(plan, cancellationToken);
        var context = new ArtifactContext(session.Project.Name, session.Environment, session.Warehouse.ToString());
        if (summary.InfrastructureFailure is { } broken)
        {
            // The warehouse is gone: nothing more can be asked of it, and nothing was published. The artifacts are local.
            ModelArtifacts.WriteManifest(project, session.Manifest, m => ContractFileOf(contracts, m, session), context);
            ModelArtifacts.WriteRunResults(summary, session.RunResults, started, context, session.Masker.Apply);
            throw new WarehouseException(
                $"{broken.Message} Nothing of this build was published: the published tables are as they were, and what build {buildId} wrote in {area} " +
                $"is dropped by the next build. The results are in {Path.GetRelativePath(session.Project.Root, session.RunResults)}. " +
                "Check that the server is up and has disk space, then run the build again.",
                null,
                broken.InnerException)
            {
                Unreachable = true,
            };
        }

        if (audit is not null)
        {
            await audit.FinishAsync(summary.Results.Where(r => r.Status != ModelStatus.Succeeded).Select(r => r.Model), warehouse, cancellationToken);
        }

        var outcome = Decide(project, plan, summary, seeds, audit, Publish ?? session.Project.Settings.Builds.Publish);
        PublicationRecord? publication = null;
        if (outcome.Items(names, project, versions).ToList() is { Count: > 0 } items)
        {
            publication = await Publisher.PublishAsync(warehouse, session.Environment, run.RunId, "build", Operation, buildId, items, cancellationToken: cancellationToken);
            session.Log($"PUBLISH   {items.Count} object(s) of build {buildId} as publication {publication.PublicationId}{(outcome.Held.Count > 0 ? $"; {outcome.Held.Count} held back" : string.Empty)}");
        }
        else
        {
            session.Log($"PUBLISH   nothing: {(outcome.Failed ? $"the build failed its checks, and builds publish {outcome.Mode.ToString().ToLowerInvariant()}; the published tables are unchanged. The audited versions are in {area} until the next build." : "nothing was built")}");
        }

        var tests = audit is null ? null : new TestsRan(audit.DataTests, audit.ContractChecks, audit.Mismatches, audit.ContractTables);
        var built = new ModelsBuilt(plan, seeds, summary)
        {
            BuildId = buildId,
            Checks = tests,
            Publication = publication,
            Held = outcome.Held,
        };
        await RecordAsync(run, built, seeds, cancellationToken);
        ModelArtifacts.WriteManifest(project, session.Manifest, m => ContractFileOf(contracts, m, session), context);
        ModelArtifacts.WriteRunResults(summary, session.RunResults, started, context, session.Masker.Apply);
        if (publication is not null)
        {
            ModelArtifacts.UpdateState(session.Project.StateFile(session.Warehouse), project, new ModelRunSummary(summary.Results.Where(r => !outcome.Held.ContainsKey(r.Model)).ToList()));
        }

        if (tests is not null)
        {
            DataTestRunner.WriteJUnit(Path.Combine(session.TestResults, $"data-tests-{session.Environment}.xml"), tests.DataTests);
            ContractCheckRunner.WriteJUnit(Path.Combine(session.TestResults, $"contracts-{session.Environment}.xml"), tests.ContractChecks);
        }

        if (publication is not null || outcome.Failed)
        {
            foreach (var gone in await BuildJanitor.CleanAsync(warehouse, keep, outcome.Failed ? buildId : null, cancellationToken))
            {
                session.Log($"CLEAN     {gone} (older than the last {keep} publication(s))");
            }
        }

        await run.FinishAsync(built.Succeeded, built.Succeeded ? null : built.ToString(), cancellationToken);
        return built;
    }

    /// <summary>A result as a progress line: status, model, rows, seconds, and the error on the next line.</summary>
    public static string Describe(ModelRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Status.ToString().ToUpperInvariant(),-9} {result.Model,-40} {(result.Rows is { } rows ? $"{rows:N0} rows" : string.Empty),-14} {result.Duration.TotalSeconds,6:0.00} s{(result.Error is null ? string.Empty : Environment.NewLine + "          " + result.Error)}");
    }

    private async Task<ModelsBuilt> PlanOnlyAsync(WorkbenchSession session, ModelProject project, IReadOnlySet<ModelId> selected, IReadOnlyList<DataContract> contracts, PublishedNames names, CancellationToken cancellationToken)
    {
        var options = new ModelBuildOptions { FullRefresh = FullRefresh, SnapshotTime = SnapshotTime ?? DateTime.UtcNow, Contracts = contracts, TableFor = names.Of };
        var catalog = session.Warehouse.Options.Exists
            ? await (await session.ConnectAsync(cancellationToken)).ReadCatalogAsync(ModelPlanner.Schemas(project, m => selected.Contains(m.Id), options), cancellationToken)
            : new CatalogSnapshot([], []); // a dry run touches nothing: a warehouse that does not exist yet is planned as empty, not created
        return new ModelsBuilt(ModelPlanner.Plan(project, m => selected.Contains(m.Id), options, catalog, SqlDialect.For(session.Warehouse.Options.Engine)), [], null);
    }

    private async Task<BuildAudit> AuditAsync(WorkbenchSession session, ModelProject project, Dictionary<ModelId, TableName> versions, IReadOnlyList<DataContract> contracts, bool everything, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        var tests = Directory.Exists(session.Project.SqlTests)
            ? DataTestSuite.Load(session.Project.Root, session.Project.SqlTests).Select(t => (Test: t, Compiled: project.Compile(t.Sql, t.Path, t.FirstLine)))
                .Select(t => (t.Test with { Sql = t.Compiled.Sql }, (IReadOnlyList<ModelId>)t.Compiled.Reads.Concat(SeedReads(t.Compiled.Sql, versions)).ToList()))
                .ToList()
            : [];
        var target = await ContractTarget.ConnectAsync(warehouse, contracts, cancellationToken: cancellationToken);
        return new BuildAudit(versions, tests, contracts, target, session.Published, sql => session.Published.Relocate(sql, project), AsOf, session.Project.Settings.Sensitive, everything, session.Log);
    }

    /// <summary>The seeds a test reads (seeds are not models, so the model graph does not list them).</summary>
    private static IEnumerable<ModelId> SeedReads(string sql, Dictionary<ModelId, TableName> versions) =>
        Sql.RelationScanner.Scan(sql).Relations.Where(r => r.Parts.Count == 2 && string.Equals(r.Schema, SeedLoader.Schema, StringComparison.OrdinalIgnoreCase))
            .Select(r => IdOf(new TableName(r.Schema!, r.Name))).Where(versions.ContainsKey).Distinct();

    /// <summary>Which nodes may be published: built, passed their checks, and everything built they read was published too.</summary>
    private static BuildOutcome Decide(ModelProject project, ModelPlan plan, ModelRunSummary summary, IReadOnlyList<SeedResult> seeds, BuildAudit? audit, PublishMode mode)
    {
        var failedChecks = audit?.Failed ?? new Dictionary<ModelId, IReadOnlyList<string>>();
        var held = new Dictionary<ModelId, string>();
        var results = summary.Results.ToDictionary(r => r.Model);
        foreach (var seed in seeds.Select(s => IdOf(s.Seed)).Where(failedChecks.ContainsKey))
        {
            held[seed] = $"{seed} failed its checks";
        }

        foreach (var planned in plan.Models)
        {
            var result = results[planned.Id];
            var blocker = planned.Model.DependsOn.Concat(planned.Model.Sources.Select(s => IdOf(TableName.Parse(s)))).FirstOrDefault(held.ContainsKey);
            if (result.Status != ModelStatus.Succeeded)
            {
                held[planned.Id] = result.Error ?? result.Status.ToString().ToLowerInvariant();
            }
            else if (failedChecks.TryGetValue(planned.Id, out var checks))
            {
                held[planned.Id] = $"{ModelScheduler.ChecksFailed}: {string.Join("; ", checks)}";
            }
            else if (blocker.Schema is not null)
            {
                held[planned.Id] = $"it reads {blocker}, which is not published";
            }
        }

        var failed = held.Count > 0 || (audit is not null && (audit.DataTests.Any(r => r.SkipReason is null && !r.Passed && (r.Test.Severity == Severity.Error || r.Error is not null)) || audit.ContractChecks.Any(c => c.Fails)));
        return new BuildOutcome(plan, seeds, held, failed, mode);
    }

    private static async Task RecordAsync(RunScope run, ModelsBuilt built, IReadOnlyList<SeedResult> seeds, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeRecord>();
        nodes.AddRange(seeds.Select(s => new NodeRecord("seed:" + s.Seed, "seed", built.Held.ContainsKey(IdOf(s.Seed)) ? "unpublished" : "succeeded", s.Rows, TimeSpan.Zero, null, s.Table.ToString())));
        nodes.AddRange(built.Summary!.Results.Select(r => new NodeRecord("model:" + r.Model, "model",
            r.Status == ModelStatus.Succeeded && built.Held.ContainsKey(r.Model) ? "unpublished" : r.Status.ToString().ToLowerInvariant(), r.Rows, r.Duration,
            r.Error ?? (built.Held.TryGetValue(r.Model, out var why) ? why : null), built.Plan[r.Model].Target.ToString())));
        nodes.Add(new NodeRecord("build:" + built.BuildId, "build", built.Publication is null ? "unpublished" : built.Succeeded ? "published" : "partly published", built.Publication is null ? 0 : built.Summary.Results.Count - built.Held.Count,
            TimeSpan.Zero, built.Succeeded ? null : built.ToString(), built.Publication?.PublicationId));
        await run.NodesAsync(nodes, cancellationToken);
        if (built.Checks is { } checks)
        {
            await run.ChecksAsync(CheckRecords.Of(checks), cancellationToken);
        }
    }

    private static string? ContractFileOf(IReadOnlyList<DataContract> contracts, SqlModel model, WorkbenchSession session) => ModelShown.ContractFileOf(contracts, model, session);

    /// <summary>
    /// The raw tables the selected models read must be there: an environment nothing was loaded into fails once, with
    /// what to run, instead of once per model with the engine's "schema raw does not exist". Seeds are loaded by the build.
    /// </summary>
    private static async Task EnsureSourcesAsync(WorkbenchSession session, ModelProject project, IReadOnlySet<ModelId> selected, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        var sources = project.InBuildOrder(m => selected.Contains(m.Id)).SelectMany(m => m.Sources)
            .Select(TableName.Parse).Where(t => !string.Equals(t.Schema, SeedLoader.Schema, StringComparison.OrdinalIgnoreCase))
            .Distinct(TableName.Comparer).ToList();
        if (sources.Count == 0)
        {
            return;
        }

        var catalog = await warehouse.ReadCatalogAsync(sources.Select(t => t.Schema).Distinct(StringComparer.OrdinalIgnoreCase), cancellationToken);
        var missing = sources.Where(t => catalog.Find(t) is null).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSourcesException(missing, session.Environment, session.Warehouse.ToString(), missing.Count == sources.Count);
        }
    }

    private static ModelId IdOf(TableName name) => new(name.Schema.ToLowerInvariant(), name.Name.ToLowerInvariant());

    /// <summary>What the build decided: what is held back and why, whether it failed, and what that publishes.</summary>
    private sealed record BuildOutcome(ModelPlan Plan, IReadOnlyList<SeedResult> Seeds, IReadOnlyDictionary<ModelId, string> Held, bool Failed, PublishMode Mode)
    {
        public IEnumerable<PublishItem> Items(PublishedNames names, ModelProject project, Dictionary<ModelId, TableName> versions)
        {
            if (Mode == PublishMode.None || (Mode == PublishMode.All && Failed))
            {
                yield break;
            }

            foreach (var seed in Seeds.Where(s => !Held.ContainsKey(IdOf(s.Seed))))
            {
                yield return new PublishItem(names.Of(seed.Seed), null, seed.Table, null);
            }

            foreach (var planned in Plan.Models.Where(m => !Held.ContainsKey(m.Id)))
            {
                yield return planned.Kind == CatalogObjectKind.View
                    ? new PublishItem(names.Of(planned.Id), planned.Id.ToString(), null, $"SELECT * FROM (\n{names.Relocate(project.Models[planned.Id].Sql, project)}\n) AS model")
                    : new PublishItem(names.Of(planned.Id), planned.Id.ToString(), versions[planned.Id], null);
            }
        }
    }
}
