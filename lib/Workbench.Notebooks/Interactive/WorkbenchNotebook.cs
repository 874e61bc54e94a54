using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
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
/// What a notebook's setup cell starts: the repository's folders, the warehouse for the chosen environment, the
/// <c>sql</c> cell kind and the table and chart formatters. Every layer notebook calls the same few methods, so the
/// logic lives here and in the library, where it is tested, and notebooks stay thin.
/// </summary>
public sealed class WorkbenchNotebook : IAsyncDisposable
{
    private static bool s_plotlyEmbedded;

    private WorkbenchNotebook(WorkbenchProject project, string environment, WarehouseConnection warehouse)
    {
        Project = project;
        Environment = environment;
        Warehouse = warehouse;
    }

    public static WorkbenchNotebook? Current { get; private set; }

    public WorkbenchProject Project { get; }

    public string Environment { get; }

    public WarehouseConnection Warehouse { get; }

    /// <summary>
    /// Starts the session: checks the loaded library is fresh, opens the warehouse (the environment's DuckDB file unless
    /// <paramref name="warehouse"/> says otherwise, e.g. <c>postgres:Host=...</c>), and registers the sql kernel and formatters.
    /// </summary>
    public static async Task<WorkbenchNotebook> StartAsync(string environment = "dev", string? warehouse = null, string? repositoryRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var project = WorkbenchProject.Find(repositoryRoot);
        LibraryFreshness.Check(typeof(WorkbenchNotebook).Assembly, project.Root);
        LibraryFreshness.Check(typeof(WarehouseConnection).Assembly, project.Root);
        if (Current is not null)
        {
            await Current.DisposeAsync();
        }

        var options = string.IsNullOrWhiteSpace(warehouse)
            ? WarehouseOptions.DuckDbFor(project.Root, environment)
            : WarehouseOptions.Parse(warehouse).ForEnvironment(environment);
        var session = new WorkbenchNotebook(project, environment, await Workbench.Warehouse.WarehouseConnection.OpenAsync(options));
        Current = session;
        RegisterFormatters();
        if (Kernel.Root is CompositeKernel root && root.FindKernelByName(WarehouseSqlKernel.DefaultName) is null)
        {
            root.Add(new WarehouseSqlKernel(() => Current?.Warehouse
                ?? throw new InvalidOperationException("No Workbench session: run the setup cell (WorkbenchNotebook.StartAsync) first.")));
        }

        return session;
    }

    /// <summary>Runs a query on the warehouse.</summary>
    public Task<QueryResult> QueryAsync(string sql, int maxRows = 100_000) => Warehouse.QueryAsync(sql, maxRows);

    /// <summary>
    /// The sample data for a scale: the committed data/sample for 0.1, otherwise data/generated/scale-N, generated
    /// (deterministically) the first time it is asked for.
    /// </summary>
    public string SampleDataFolder(double scale)
    {
        if (Math.Abs(scale - 0.1) < 1e-9)
        {
            return Project.SampleData;
        }

        var folder = Path.Combine(Project.Data, "generated", "scale-" + scale.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(folder))
        {
            new Samples.RetailDataGenerator(new Samples.RetailGeneratorOptions(scale)).Generate(folder);
        }

        return folder;
    }

    /// <summary>
    /// Loads the sample data into the raw schema, typed by the raw tables' contracts; content loaded before is skipped,
    /// months after <paramref name="runDate"/> are left out.
    /// </summary>
    public Task<IReadOnlyList<RawBatchResult>> LoadSampleRawAsync(double scale = 0.1, DateOnly? runDate = null, bool fullRefresh = false) =>
        SampleSources.LoadAsync(Warehouse, SampleDataFolder(scale), runDate, fullRefresh, Contracts());

    /// <summary>The project's contracts (contracts/), linted; throws listing every error so nothing runs on a broken contract.</summary>
    public IReadOnlyList<DataContract> Contracts()
    {
        var folder = Path.Combine(Project.Root, "contracts");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var lint = ContractLinter.Lint([folder]);
        if (lint.HasErrors)
        {
            throw new InvalidOperationException("The contracts have errors; run `./workbench contract lint`:" + System.Environment.NewLine +
                string.Join(System.Environment.NewLine, lint.Problems.Where(p => p.Severity == ProblemSeverity.Error)));
        }

        return lint.Contracts;
    }

    /// <summary>Builds the models of the given schemas (e.g. "staging") in dependency order; throws listing failures.</summary>
    public async Task<ModelRunSummary> BuildModelsAsync(params string[] schemas)
    {
        var models = ModelProject.Load(Project.Root, Project.Sql, ["raw", SeedLoader.Schema], Warehouse.Engine, ModelProject.KnownSources(Contracts(), ["raw", SeedLoader.Schema]));
        await SeedLoader.LoadAllAsync(Warehouse, Path.Combine(Project.Data, "seeds"), Contracts());
        var summary = await new ModelRunner(Warehouse) { Contracts = Contracts() }.RunAsync(models,
            m => schemas.Length == 0 || schemas.Contains(m.Id.Schema, StringComparer.OrdinalIgnoreCase));
        summary.EnsureSucceeded();
        return summary;
    }

    /// <summary>
    /// Builds the snapshot models (sql/snapshots): type 2 history, each new version valid from the end of
    /// <paramref name="runDate"/> (the pipeline's logical date), so re-running a date adds nothing.
    /// </summary>
    public async Task<ModelRunSummary> BuildSnapshotsAsync(DateOnly runDate)
    {
        var models = ModelProject.Load(Project.Root, Project.Sql, ["raw", SeedLoader.Schema], Warehouse.Engine, ModelProject.KnownSources(Contracts(), ["raw", SeedLoader.Schema]));
        var summary = await new ModelRunner(Warehouse) { Contracts = Contracts(), SnapshotTime = runDate.AddDays(1).ToDateTime(TimeOnly.MinValue) }
            .RunAsync(models, m => m.Materialization == Materialization.Snapshot);
        summary.EnsureSucceeded();
        return summary;
    }

    /// <summary>Runs the data tests under sql/tests, writes their JUnit XML, and returns the results (the caller gates).</summary>
    public async Task<IReadOnlyList<DataTestResult>> RunDataTestsAsync()
    {
        var results = await new DataTestRunner(Warehouse).RunAsync(DataTestSuite.Load(Project.Root, Project.SqlTests));
        DataTestRunner.WriteJUnit(Path.Combine(Project.TestResults, $"data-tests-{Environment}.xml"), results);
        return results;
    }

    /// <summary>
    /// Compiles every rule in contracts/ to SQL, runs it on this warehouse, writes JUnit, and returns the results
    /// (the caller gates with <see cref="EnsureContractsPassed"/>). Freshness SLAs are judged at the end of
    /// <paramref name="runDate"/> (the pipeline's logical date), or now when it is not given.
    /// </summary>
    public async Task<IReadOnlyList<ContractCheckResult>> RunContractChecksAsync(DateOnly? runDate = null)
    {
        var results = await new ContractCheckRunner(Warehouse).RunAsync(ContractCheckCompiler.CompileAll(Contracts(), Warehouse.Engine, runDate?.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        ContractCheckRunner.WriteJUnit(Path.Combine(Project.TestResults, $"contracts-{Environment}.xml"), results);
        return results;
    }

    /// <summary>Throws listing every error-severity contract check that failed, with its offending rows.</summary>
    public static void EnsureContractsPassed(IReadOnlyList<ContractCheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.Where(r => !r.Passed && (r.Check.Severity == "error" || r.Error is not null)).ToList();
        if (failed.Count > 0)
        {
            throw new ContractChecksFailedException(failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        if (ReferenceEquals(Current, this))
        {
            Current = null;
        }
    }

    private static void RegisterFormatters()
    {
        Formatter.Register<QueryResult>((result, writer) => writer.Write(QueryResultHtml.Render(result)), HtmlFormatter.MimeType);
        Formatter.Register<GenericChart>((chart, writer) =>
        {
            // Headless runs leave plotly.js to the HTML renderer (once per page); interactively, the first chart carries it.
            var embed = System.Environment.GetEnvironmentVariable("WORKBENCH_HEADLESS") != "1" && !s_plotlyEmbedded;
            s_plotlyEmbedded |= embed;
            writer.Write(PlotlyScript.Figure(GenericChart.toFigureJson(chart), embed));
        }, HtmlFormatter.MimeType);
    }
}
