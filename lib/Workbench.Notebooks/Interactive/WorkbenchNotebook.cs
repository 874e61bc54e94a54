using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using Workbench.Application;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Models;
using Workbench.Notebooks.Rendering;
using Workbench.Project;
using Workbench.Quality;
using Workbench.Warehouse;

namespace Workbench.Notebooks.Interactive;

/// <summary>
/// What a notebook's setup cell starts: a <see cref="WorkbenchSession"/> on the project the notebook is in, for an
/// environment (a name: the warehouse comes from workbench.yaml, or from the process that started the kernel, never
/// from a connection string in the notebook), the <c>sql</c> cell kind and the table and chart formatters. Every
/// method runs the same application operation the command line and the pipeline run, and writes the same artifacts.
/// </summary>
public sealed class WorkbenchNotebook : IAsyncDisposable
{
    private static bool s_plotlyEmbedded;

    private WorkbenchNotebook(WorkbenchSession session, WarehouseConnection warehouse)
    {
        Session = session;
        Warehouse = warehouse;
    }

    public static WorkbenchNotebook? Current { get; private set; }

    public WorkbenchSession Session { get; }

    public WorkbenchProject Project => Session.Project;

    public string Environment => Session.Environment;

    public WarehouseConnection Warehouse { get; }

    /// <summary>
    /// Starts the session: checks the loaded library is fresh, finds the project from the notebook's folder (or
    /// <paramref name="project"/>), opens the environment's warehouse, and registers the sql kernel and formatters.
    /// </summary>
    /// <param name="warehouse">Another warehouse than the environment's: a name under <c>warehouses:</c> in workbench.yaml
    /// (or, from code such as tests, <c>ENGINE:LOCATION</c>).</param>
    public static async Task<WorkbenchNotebook> StartAsync(string environment = "dev", string? warehouse = null, string? project = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        LibraryFreshness.Check(typeof(WorkbenchNotebook).Assembly);
        LibraryFreshness.Check(typeof(WarehouseConnection).Assembly);
        if (Current is not null)
        {
            await Current.DisposeAsync();
        }

        var session = WorkbenchSession.Open(new SessionOptions(project, environment, string.IsNullOrWhiteSpace(warehouse) ? null : warehouse));
        var notebook = new WorkbenchNotebook(session, await session.ConnectAsync());
        Current = notebook;
        RegisterFormatters();
        if (Kernel.Root is CompositeKernel root && root.FindKernelByName(WarehouseSqlKernel.DefaultName) is null)
        {
            root.Add(new WarehouseSqlKernel(() => Current?.Warehouse
                ?? throw new InvalidOperationException("No Workbench session: run the setup cell (WorkbenchNotebook.StartAsync) first.")));
        }

        return notebook;
    }

    /// <summary>
    /// Opens scratch environment <paramref name="environment"/> (declared <c>scratch: true</c> in workbench.yaml), emptied
    /// first, on the same kind of warehouse as this session (the pipeline's PostgreSQL too: a database of its own). A
    /// demonstration or an exercise runs there, so it never touches this environment's tables or history; the sql cells
    /// stay on this session. The caller disposes it.
    /// </summary>
    public async Task<WorkbenchNotebook> OpenScratchAsync(string environment = "sandbox")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        if (string.Equals(environment, Environment, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"'{environment}' is this notebook's own environment; emptying it would empty what the notebook reads. Set env to another environment, or open another scratch environment.");
        }

        // Not part of the run that started this kernel: the scratch warehouse keeps a history of its own.
        var session = WorkbenchSession.Open(new SessionOptions(Project.Root, environment, Session.WarehouseChoice)
        {
            Variables = name => name is SessionOptions.RunIdVariable or SessionOptions.StepVariable ? null : Session.Options.Variables(name),
        });
        try
        {
            await new ResetEnvironment().RunAsync(session);
            return new WorkbenchNotebook(session, await session.ConnectAsync());
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a query on the warehouse.</summary>
    public Task<QueryResult> QueryAsync(string sql, int maxRows = 100_000) => Warehouse.QueryAsync(sql, maxRows);

    /// <summary>A query's rows as a <see cref="Microsoft.Data.Analysis.DataFrame"/>: typed columns, nulls kept (see <see cref="Frames.QueryFrames"/>).</summary>
    public async Task<Microsoft.Data.Analysis.DataFrame> DataFrameAsync(string sql, int maxRows = 1_000_000) =>
        Frames.QueryFrames.ToDataFrame(await Warehouse.QueryAsync(sql, maxRows));

    /// <summary>
    /// The sample data for a scale: the project's sources folder for the committed scale 0.1, otherwise
    /// data/generated/scale-N, generated (deterministically) the first time it is asked for, and again when an older
    /// generator wrote it.
    /// </summary>
    public string SampleDataFolder(double scale)
    {
        if (Math.Abs(scale - 0.1) < 1e-9)
        {
            return Project.Sources;
        }

        var folder = Project.Resolve(Path.Combine("data", "generated", "scale-" + scale.ToString(CultureInfo.InvariantCulture)));
        var options = new Samples.RetailGeneratorOptions(scale);
        if (!Samples.RetailDataGenerator.IsCurrent(folder, options))
        {
            // Missing, or written by an older generator (another layout): generated again, from scratch.
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            new Samples.RetailDataGenerator(options).Generate(folder);
        }

        return folder;
    }

    /// <summary>
    /// Loads the project's sources into the raw schema, typed by the raw tables' contracts; content loaded before is
    /// skipped, monthly files after <paramref name="runDate"/> are left out. <paramref name="sourcesFolder"/> replaces
    /// the project's sources folder (e.g. <see cref="SampleDataFolder"/> at another scale).
    /// </summary>
    /// <param name="tables">Only these raw tables (default: every source).</param>
    public async Task<IReadOnlyList<RawBatchResult>> LoadSourcesAsync(DateOnly? runDate = null, string? sourcesFolder = null, bool fullRefresh = false, IReadOnlyList<string>? tables = null) =>
        (await new LoadSources(tables, runDate, sourcesFolder, fullRefresh).RunAsync(Session)).Batches;

    /// <summary>The project's contracts, linted; throws listing every error so nothing runs on a broken contract.</summary>
    public IReadOnlyList<DataContract> Contracts() => Session.Contracts();

    /// <summary>Builds the selected models (selectors as on the command line: <c>staging</c>, <c>+marts.fct_orders</c>); throws listing failures.</summary>
    public async Task<ModelRunSummary> BuildModelsAsync(params string[] select)
    {
        var built = await new Build(select).WithoutChecks().RunAsync(Session);
        built.EnsureSucceeded();
        return built.Summary!;
    }

    /// <summary>
    /// Builds the selected models as <c>workbench build</c> does (write-audit-publish: written apart, their data tests
    /// and contract checks run, published only when they pass; throws listing the failures, the published tables
    /// unchanged). Inside a pipeline run whose build step already built them, shows that build instead of building again.
    /// Freshness and snapshot versions are judged at the end of <paramref name="runDate"/> (default: now).
    /// </summary>
    public async Task<BuildReport> BuildAsync(DateOnly? runDate = null, params string[] select)
    {
        if (await BuildReport.ForPipelineAsync(Session, select) is { } pipeline)
        {
            return pipeline;
        }

        var end = runDate?.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var built = await new Build(select, SnapshotTime: end, AsOf: end).RunAsync(Session);
        built.EnsureSucceeded();
        return BuildReport.Of(built);
    }

    /// <summary>The latest runs in this warehouse's history (builds, loads, tests, pipelines), newest first.</summary>
    public Task<RunsListed> RunsAsync(int limit = 10) => new ListRuns(limit).RunAsync(Session);

    /// <summary>One run with its nodes and checks (failing rows included): <paramref name="id"/> (or its start), else the pipeline run this notebook is part of, else the latest run.</summary>
    public async Task<RunShown> ShowRunAsync(string? id = null)
    {
        id ??= Session.Options.Variables(SessionOptions.RunIdVariable) is { Length: > 0 } pipeline ? pipeline
            : (await RunsAsync(1)).Runs is [var latest, ..] ? latest.RunId : throw new UsageException("No run is recorded in this warehouse yet: build something first.");
        return await new ShowRun(id).RunAsync(Session);
    }

    /// <summary>A model's file as written (settings header and SQL), for reading it next to its output.</summary>
    public string ModelSql(string model)
    {
        var shown = ShowModel(model);
        return $"-- {shown.Model.Path}{System.Environment.NewLine}{shown.Source}";
    }

    /// <summary>A model as <c>workbench models show</c> shows it: its file, contract, what it reads and what reads it (a table and its SQL in a notebook).</summary>
    public ModelShown ShowModel(string model) => ModelShown.Find(Session, model);

    /// <summary>The contract of a table (<c>raw.orders</c>, <c>stg_orders</c>) as its YAML file, with the file's name.</summary>
    public ProjectFileText ShowContract(string table)
    {
        var contracts = new Contracts.ContractTables(Session.Contracts());
        var found = contracts.FindOne(table)
            ?? throw new UsageException($"No one contract describes '{table}'; contracts are under {Project.Relative(Project.Contracts)} (`workbench contract lint` lists them).");
        return new ProjectFileText(Project.Relative(found.Contract.File), File.ReadAllText(found.Contract.File));
    }

    /// <summary>A model unit test (<c>sql/unit/NAME.yaml</c>): fixture rows in, expected rows out.</summary>
    public ProjectFileText ShowUnitTest(string name) => ProjectFileNamed(Project.SqlUnitTests, "*.y*ml", name, "unit test");

    /// <summary>A data test (<c>sql/tests/NAME.sql</c>): a query that returns the offending rows, with its severity.</summary>
    public ProjectFileText ShowDataTest(string name) => ProjectFileNamed(Project.SqlTests, "*.sql", name, "data test");

    private ProjectFileText ProjectFileNamed(string folder, string pattern, string name, string what)
    {
        var file = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase))
            : null;
        return file is null
            ? throw new UsageException($"No {what} '{name}' under {Project.Relative(folder)}.")
            : new ProjectFileText(Project.Relative(file), File.ReadAllText(file));
    }

    /// <summary>The selected models' part of the graph, drawn (what reads what), as <c>workbench models lineage</c> draws the whole.</summary>
    public LineageDrawing LineageGraph(params string[] select)
    {
        var project = Session.Models();
        return new LineageDrawing(Workbench.Text.MermaidSvg.Render(ModelLineage.Mermaid(project, Session.Select(project, select))));
    }

    /// <summary>
    /// Whether exercises run: for a person in a notebook, yes; in the pipeline (a headless run), no, so a student's
    /// unfinished exercise never fails the pipeline and the pipeline never depends on one.
    /// </summary>
    public static bool ExercisesOn => System.Environment.GetEnvironmentVariable("WORKBENCH_HEADLESS") != "1";

    /// <summary>
    /// An exercise's checkpoint: says whether the student got it (and a hint when not). Off in the pipeline.
    /// <paramref name="check"/> returns null when the answer is right, else what is still wrong.
    /// </summary>
    public static async Task<Checkpoint> CheckpointAsync(string exercise, Func<Task<string?>> check, string success)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!ExercisesOn)
        {
            return new Checkpoint(exercise, null, "off in the pipeline run: open the notebook to try it");
        }

        string? problem;
        try
        {
            problem = await check();
        }
        catch (Exception e) when (e is WorkbenchException or InvalidOperationException or ArgumentException or FormatException)
        {
            problem = e.Message;
        }

        return new Checkpoint(exercise, problem is null, problem ?? success);
    }

    /// <summary>The selected models in build order: materialization and what each reads (models, seeds, raw tables).</summary>
    public IReadOnlyList<LineageRow> Lineage(params string[] select)
    {
        var project = Session.Models();
        var selected = Session.Select(project, select);
        return project.InBuildOrder(m => selected.Contains(m.Id))
            .Select(m => new LineageRow(m.Id.ToString(), m.Materialization.ToString().ToLowerInvariant(), string.Join(", ", m.DependsOn.Select(d => d.ToString()).Concat(m.Sources))))
            .ToList();
    }

    /// <summary>The seeds: small reference tables kept as CSV files in the project, each loaded as <c>seeds.NAME</c> by every build, typed by its contract.</summary>
    public IReadOnlyList<SeedRow> Seeds()
    {
        var contracts = new Contracts.ContractTables(Session.Contracts());
        return SeedLoader.SeedTables(Project.Seeds)
            .Select(t => new SeedRow(t.ToString(), Project.Relative(Path.Combine(Project.Seeds, t.Name + ".csv")), contracts.FindOne(t.ToString()) is { } c ? Project.Relative(c.Contract.File) : "(none: text columns)"))
            .ToList();
    }

    /// <summary>
    /// Builds the snapshot models: type 2 history, each new version valid from the end of <paramref name="runDate"/>
    /// (the pipeline's logical date), so re-running a date adds nothing.
    /// </summary>
    public async Task<ModelRunSummary> BuildSnapshotsAsync(DateOnly runDate)
    {
        var built = await (new Build(["materialized:snapshot"], SnapshotTime: runDate.AddDays(1).ToDateTime(TimeOnly.MinValue)) { Seeds = false }).WithoutChecks().RunAsync(Session);
        built.EnsureSucceeded();
        return built.Summary!;
    }

    /// <summary>The build plan of the selected models (what would be created, replaced or updated, and why), without running anything.</summary>
    public async Task<ModelPlan> PlanModelsAsync(params string[] select) => (await new Build(select, DryRun: true).RunAsync(Session)).Plan;

    /// <summary>Runs the data tests under sql/tests, writes their JUnit XML, and returns the results (the caller gates).</summary>
    public async Task<IReadOnlyList<DataTestResult>> RunDataTestsAsync() =>
        (await new RunTests { ContractChecks = false, Conformance = false }.RunAsync(Session)).DataTests;

    /// <summary>
    /// Compiles every rule in the contracts to SQL, runs it on this warehouse, writes JUnit, and returns the results
    /// (the caller gates with <see cref="EnsureContractsPassed"/>). Freshness SLAs are judged at the end of
    /// <paramref name="runDate"/> (the pipeline's logical date), or now when it is not given.
    /// </summary>
    public async Task<IReadOnlyList<ContractCheckResult>> RunContractChecksAsync(DateOnly? runDate = null) =>
        (await new RunTests(AsOf: runDate?.AddDays(1).ToDateTime(TimeOnly.MinValue)) { DataTests = false, Conformance = false }.RunAsync(Session)).ContractChecks;

    /// <summary>Throws listing every error-severity contract check that failed, with its offending rows.</summary>
    public static void EnsureContractsPassed(IReadOnlyList<ContractCheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.Where(r => r.Fails).ToList();
        if (failed.Count > 0)
        {
            throw new ContractChecksFailedException(failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        if (ReferenceEquals(Current, this))
        {
            Current = null;
        }
    }

    private static void RegisterFormatters()
    {
        Formatter.Register<QueryResult>((result, writer) => writer.Write(QueryResultHtml.Render(result)), HtmlFormatter.MimeType);
        Formatter.Register<Charts.Kpis>((kpis, writer) => writer.Write(kpis.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<ModelShown>((shown, writer) => writer.Write(StudyHtml.Model(shown)), HtmlFormatter.MimeType);
        Formatter.Register<ProjectFileText>((file, writer) => writer.Write(StudyHtml.File(file)), HtmlFormatter.MimeType);
        Formatter.Register<LineageDrawing>((drawing, writer) => writer.Write(drawing.Svg), HtmlFormatter.MimeType);
        Formatter.Register<Checkpoint>((checkpoint, writer) => writer.Write(StudyHtml.Checkpoint(checkpoint)), HtmlFormatter.MimeType);
        Formatter.Register<Microsoft.Data.Analysis.DataFrame>((frame, writer) => writer.Write(Frames.QueryFrames.ToHtml(frame)), HtmlFormatter.MimeType);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(Figure(GenericChart.toFigureJson(chart))), HtmlFormatter.MimeType);
        Formatter.Register<Charts.Chart>((chart, writer) => writer.Write(Figure(chart.ToFigureJson())), HtmlFormatter.MimeType);
        // The figure itself too, as Jupyter and VS Code draw it without any script in the notebook: an executed .ipynb
        // opened there shows its charts (the HTML output needs plotly.js, which only the HTML page carries).
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(GenericChart.toFigureJson(chart)), PlotlyMimeType);
        Formatter.Register<Charts.Chart>((chart, writer) => writer.Write(chart.ToFigureJson()), PlotlyMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType, PlotlyMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Charts.Chart), HtmlFormatter.MimeType, PlotlyMimeType);
    }

    /// <summary>The MIME type Jupyter, JupyterLab and VS Code render plotly figures from.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>A figure's HTML. Headless runs leave plotly.js to the HTML renderer (once per page); interactively, the first chart carries it.</summary>
    private static string Figure(string figureJson)
    {
        var embed = System.Environment.GetEnvironmentVariable("WORKBENCH_HEADLESS") != "1" && !s_plotlyEmbedded;
        s_plotlyEmbedded |= embed;
        return PlotlyScript.Figure(figureJson, embed);
    }
}

/// <summary>A file of the project as written (a contract, a unit test), shown under its name.</summary>
public sealed record ProjectFileText(string File, string Text);

/// <summary>Part of the model graph, drawn as SVG.</summary>
public sealed record LineageDrawing(string Svg);

/// <summary>What an exercise's checkpoint found: passed, not yet (with what is wrong), or not run (null: the pipeline).</summary>
public sealed record Checkpoint(string Exercise, bool? Passed, string Message)
{
    public override string ToString() => $"{(Passed switch { true => "✓", false => "✗ not yet:", null => "·" })} {Exercise}: {Message}";
}

/// <summary>One model in a layer's lineage.</summary>
public sealed record LineageRow(string Model, string Materialized, string Reads);

/// <summary>One seed: its table, its file, the contract that types it.</summary>
public sealed record SeedRow(string Table, string File, string Contract);
