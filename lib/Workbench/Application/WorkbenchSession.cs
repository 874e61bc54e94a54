using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Models;
using Workbench.Project;
using Workbench.Text;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// The application layer's one entry: a project, an environment, its warehouse (opened on first use), the contracts
/// and models read from the project, and a masker for the secrets the warehouse holds. The command line, the notebook
/// API and the Cake build all open a session and run the same operations on it (<see cref="LoadSources"/>,
/// <see cref="Build"/>, <see cref="RunTests"/>, <see cref="RunUnitTests"/>, <see cref="RenderDocs"/>,
/// <see cref="RenderLineage"/>), which write the same artifacts whoever asks.
/// </summary>
public sealed class WorkbenchSession : IAsyncDisposable
{
    /// <summary>Schemas whose tables are loaded, not modelled: the raw zone and the seeds.</summary>
    public static readonly IReadOnlyList<string> SourceSchemas = ["raw", SeedLoader.Schema];

    private WarehouseConnection? _connection;
    private LintResult? _lint;
    private RunScope? _run;

    private WorkbenchSession(WorkbenchProject project, ResolvedWarehouse warehouse, SessionOptions options, string? choice)
    {
        Project = project;
        Warehouse = warehouse;
        WarehouseChoice = choice;
        Options = options;
        Masker = new SecretMasker(warehouse.Secrets);
    }

    public WorkbenchProject Project { get; }

    public string Environment => Warehouse.Environment;

    public ResolvedWarehouse Warehouse { get; }

    /// <summary>The warehouse the session was asked for instead of the environment's own (a name or <c>ENGINE:LOCATION</c>), or null.</summary>
    public string? WarehouseChoice { get; }

    public SessionOptions Options { get; }

    /// <summary>
    /// Where this session's run artifacts go (manifest, run results, JUnit): the project's artifacts folder, or for a
    /// scratch environment <c>artifacts/scratch/ENV</c>, so a demonstration or an exercise never replaces the files of
    /// the real runs that CI and the run's pages read.
    /// </summary>
    public string ArtifactsFolder => Project.Environment(Environment).Scratch
        ? Path.Combine(Project.Artifacts, "scratch", Environment)
        : Project.Artifacts;

    /// <summary>This session's <c>manifest.json</c> (see <see cref="ArtifactsFolder"/>).</summary>
    public string Manifest => Path.Combine(ArtifactsFolder, Path.GetFileName(Project.Manifest));

    /// <summary>This session's <c>run_results.json</c> (see <see cref="ArtifactsFolder"/>).</summary>
    public string RunResults => Path.Combine(ArtifactsFolder, Path.GetFileName(Project.RunResults));

    /// <summary>This session's JUnit folder (see <see cref="ArtifactsFolder"/>).</summary>
    public string TestResults => Path.Combine(ArtifactsFolder, Path.GetFileName(Project.TestResults));

    /// <summary>Masks the secrets this session knows in anything written out.</summary>
    public SecretMasker Masker { get; }

    /// <summary>Finds the project and resolves the environment's warehouse; nothing is opened yet.</summary>
    public static WorkbenchSession Open(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var project = WorkbenchProject.Find(options.Project);
        var choice = options.Warehouse is { Length: > 0 } given ? given
            : options.Variables(SessionOptions.WarehouseVariable) is { Length: > 0 } inherited ? inherited
            : null;
        return new WorkbenchSession(project, project.ResolveWarehouse(options.Environment, choice, options.Variables), options, choice);
    }

    /// <summary>The warehouse connection, opened on first use.</summary>
    public async Task<WarehouseConnection> ConnectAsync(CancellationToken cancellationToken = default) =>
        _connection ??= await OpenAnotherAsync(cancellationToken);

    /// <summary>Opens another connection to the same warehouse (for concurrent builds); the caller disposes it.</summary>
    public Task<WarehouseConnection> OpenAnotherAsync(CancellationToken cancellationToken) =>
        Warehouse.MissingSecret is { } missing ? throw missing : WarehouseConnection.OpenAsync(Warehouse.Options, cancellationToken);

    /// <summary>The project's contracts, linted once; errors stop what needed them, listing every one.</summary>
    /// <param name="notDone">What did not happen because of the errors, for the message ("nothing was built").</param>
    public IReadOnlyList<DataContract> Contracts(string notDone = "nothing was run") => Lint(notDone).Contracts;

    /// <summary>The lint of the project's contracts (all of them, together); throws listing the errors when there are any.</summary>
    public LintResult Lint(string notDone = "nothing was run")
    {
        _lint ??= Directory.Exists(Project.Contracts) ? ContractLinter.Lint([Project.Contracts], wholeProject: true) : new LintResult([], [], 0);
        if (_lint.HasErrors)
        {
            throw new ContractsInvalidException(_lint.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList(), notDone);
        }

        return _lint;
    }

    /// <summary>
    /// The project's models for this session's engine: bare names resolve to the models, the seeds and the raw tables
    /// the contracts describe.
    /// </summary>
    public ModelProject Models() => Models(SqlDialect.For(Warehouse.Options.Engine));

    /// <summary>The project's models as they are on <paramref name="dialect"/> (null: the portable files only).</summary>
    public ModelProject Models(SqlDialect? dialect)
    {
        var contracts = Contracts("no model was read");
        var known = ModelProject.KnownSources(contracts, SourceSchemas)
            .Concat(SeedLoader.SeedTables(Project.Seeds).Select(t => t.ToString().ToLowerInvariant()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (known.Any(k => k.StartsWith("raw.", StringComparison.Ordinal)))
        {
            // Where contracts describe the raw tables, the loader's own control tables are known too.
            known.UnionWith(new[] { Loading.RawControlTables.Batches("raw"), Loading.RawControlTables.Rejects("raw"), Loading.RawControlTables.State("raw") }.Select(t => t.ToString()));
        }

        return ModelProject.Load(Project.Root, Project.Sql, SourceSchemas, dialect, known);
    }

    /// <summary>The models <paramref name="select"/> and <paramref name="exclude"/> pick, judging state:modified by this environment's and warehouse's last build.</summary>
    public IReadOnlySet<ModelId> Select(ModelProject models, IEnumerable<string>? select, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var state = ModelArtifacts.ReadState(Project.StateFile(Warehouse));
        return ModelSelector.Select(models, select, exclude, state.Count == 0 ? null : ModelArtifacts.ModifiedSince(state));
    }

    /// <summary>Where this environment publishes models and seeds (its <c>schema_prefix</c>, when environments share a warehouse).</summary>
    public Publishing.PublishedNames Published => new(Project.Environment(Environment).SchemaPrefix);

    /// <summary>The run operations of this session record into, once one has started it.</summary>
    public RunScope? CurrentRun => _run;

    /// <summary>The pipeline step operations run in now (set by the pipeline while it runs a step in this process).</summary>
    public string? CurrentStep { get; set; }

    /// <summary>
    /// Starts recording an operation: into this session's run when there is one (a pipeline's, or the one the
    /// process was started for), else as a new run of <paramref name="operation"/> with its parameters.
    /// </summary>
    public async Task<RunScope> BeginRunAsync(string operation, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (_run is { } current)
        {
            return new RunScope(this, current.RunId, CurrentStep ?? current.Step, owns: false, current.Enabled);
        }

        if (Options.Variables(SessionOptions.RunIdVariable) is { Length: > 0 } parent)
        {
            return new RunScope(this, parent, Options.Variables(SessionOptions.StepVariable), owns: false, enabled: !Warehouse.Options.ReadOnly);
        }

        var run = new RunScope(this, History.RunIds.New(), CurrentStep, owns: true, enabled: !Warehouse.Options.ReadOnly);
        if (run.Enabled)
        {
            try
            {
                var record = new History.RunRecord(run.RunId, null, Masker.Apply(Options.Command ?? operation), Project.Name, Environment, Warehouse.ToString(),
                    History.GitCommit.Of(Project.Root), RunScope.Parameters(this, parameters), DateTime.UtcNow, null, "running", null);
                await new History.RunHistory(await ConnectAsync(cancellationToken)).StartAsync(record, cancellationToken);
            }
            catch (WarehouseException e)
            {
                Log($"NOTE the run history could not be written ({e.EngineMessage}); the run goes on without it.");
                run = new RunScope(this, run.RunId, CurrentStep, owns: true, enabled: false);
            }
        }

        _run = run;
        return run;
    }

    internal void EndRun(RunScope run)
    {
        if (ReferenceEquals(_run, run))
        {
            _run = null;
        }
    }

    /// <summary>Writes a progress line (masked).</summary>
    public void Log(string line) => Options.Log?.Invoke(Masker.Apply(line));

    /// <summary>Closes the warehouse connection (it is opened again on next use), e.g. before another process opens an embedded warehouse.</summary>
    public async Task CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
