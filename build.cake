// Workbench's build: `dotnet tool restore`, then `dotnet cake --target=<Target>`.
// The Cake files only orchestrate. Notebooks run through our own command line in their own processes,
// so nothing here `#r`s a DLL that a fresh clone has not built yet.
#load "build/parameters.cake"
#load "build/notebooks.cake"
#load "build/tests.cake"

var target = Argument("target", "Pipeline");
var p = BuildParameters.From(Context);
var steps = new List<StepResult>();

Setup(context => Information($"Workbench {target}: env={p.Env} run-date={p.RunDate} scale={p.Scale} cell-timeout={p.CellTimeout}s configuration={p.Configuration}"));

TaskTeardown(context => steps.Add(new StepResult(context.Task.Name, context.Duration, context.Successful, context.ThrownException?.Message)));

Teardown(context =>
{
    if (!context.Successful)
    {
        var failed = steps.FirstOrDefault(s => !s.Succeeded);
        Error("");
        Error(failed is null
            ? $"{target} failed: {context.ThrownException?.Message}"
            : $"{target} FAILED at step '{failed.Name}': {failed.Error}");
        Error($"Completed before it: {string.Join(", ", steps.Where(s => s.Succeeded).Select(s => s.Name))}");
    }
});

Task("Clean")
    .Description("Delete build output and artifacts (warehouse files included).")
    .Does(() =>
{
    CleanDirectories("./lib/**/bin");
    CleanDirectories("./lib/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    if (DirectoryExists(p.Artifacts)) DeleteDirectory(p.Artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
});

Task("Build")
    .Description("Build the solution (strict: warnings are errors in every configuration).")
    .Does(() =>
{
    DotNetBuild("./Workbench.sln", new DotNetBuildSettings { Configuration = p.Configuration, NoLogo = true, Verbosity = DotNetVerbosity.Minimal });
});

Task("Contracts")
    .Description("Lint the data contracts under contracts/, and check changes since the last commit against their version bumps.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(p.Cli).Append("contract").Append("lint").AppendQuoted(System.IO.Path.Combine(p.Root, "contracts")), WorkingDirectory = p.Root });
    if (exitCode != 0) throw new CakeException(exitCode, "the data contracts have errors (listed above with file:line:column)");
    // A breaking change to a contract (against the last commit) must come with a new major version.
    exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(p.Cli).Append("contract").Append("diff").Append("--git").Append("HEAD").AppendQuoted(System.IO.Path.Combine(p.Root, "contracts")), WorkingDirectory = p.Root });
    if (exitCode != 0) throw new CakeException(exitCode, "a contract changed without the version bump its changes need (see above)");
    exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(p.Cli).Append("contract").Append("docs").AppendQuoted(System.IO.Path.Combine(p.Root, "contracts")).Append("-o").AppendQuoted(System.IO.Path.Combine(p.Reports, "data-dictionary.html")), WorkingDirectory = p.Root });
    if (exitCode != 0) throw new CakeException(exitCode, "the data dictionary could not be rendered (see above)");
});

Task("Docs")
    .Description("Regenerate contracts/DICTIONARY.md and artifacts/reports/data-dictionary.html from the contracts (commit the Markdown).")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(p.Cli).Append("contract").Append("docs").AppendQuoted(System.IO.Path.Combine(p.Root, "contracts"))
        .Append("-o").AppendQuoted(System.IO.Path.Combine(p.Root, "contracts", "DICTIONARY.md")).AppendQuoted(System.IO.Path.Combine(p.Reports, "data-dictionary.html")), WorkingDirectory = p.Root });
    if (exitCode != 0) throw new CakeException(exitCode, "the data dictionary could not be rendered (see above)");
});

Task("UnitTests")
    .Description("Model unit tests (sql/unit): fixture rows in, expected rows out, on an in-memory warehouse; a failure stops the pipeline before any data moves.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(p.Cli).Append("models").Append("test")
        .Append("--junit").AppendQuoted(System.IO.Path.Combine(p.Artifacts, "test-results", "model-unit-tests.xml")), WorkingDirectory = p.Root });
    if (exitCode != 0) throw new CakeException(exitCode, "a model unit test failed (see above): fix the model or the test before building data");
});

Task("Raw").Description("01-raw: land the sample files in the raw schema.").IsDependentOn("Build")
    .Does(() => RunNotebook(Context, p, "01-raw"));
Task("Staging").Description("02-staging: build the staging models.").IsDependentOn("Build")
    .Does(() => RunNotebook(Context, p, "02-staging"));
Task("Marts").Description("03-marts: build intermediate and mart models.").IsDependentOn("Build")
    .Does(() => RunNotebook(Context, p, "03-marts"));
Task("Quality").Description("04-quality: data tests; error-severity failures stop the pipeline.").IsDependentOn("Build")
    .Does(() => RunNotebook(Context, p, "04-quality"));
Task("Report").Description("05-explore: charts of the marts, rendered to artifacts/reports.").IsDependentOn("Build")
    .Does(() => RunNotebook(Context, p, "05-explore", p.Reports));

Task("Pipeline")
    .Description("Contracts -> UnitTests -> Raw -> Staging -> Marts -> Quality -> Report, stopping at the first failure.")
    .IsDependentOn("Contracts")
    .IsDependentOn("UnitTests")
    .IsDependentOn("Raw")
    .IsDependentOn("Staging")
    .IsDependentOn("Marts")
    .IsDependentOn("Quality")
    .IsDependentOn("Report")
    .Does(() => PrintPipelineOutputs(Context, p));

Task("Test")
    .Description("Build and run every test; prints 'N passed, N failed, N skipped'.")
    .IsDependentOn("Build")
    .Does(() => RunTests(Context, p));

Task("Benchmark")
    .Description("Measure the notebook runner against dotnet-repl, raw loading against DuckDB's read_csv and PostgreSQL's COPY, and model builds against direct statements; prints the ratios.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var project = "./tests/Workbench.Benchmarks/Workbench.Benchmarks.csproj";
    var settings = new DotNetRunSettings { Configuration = p.Configuration, NoBuild = true };
    DotNetRun(project, new ProcessArgumentBuilder().Append("runner").Append("--runs").Append(Argument("runs", "7")), settings);
    var load = new ProcessArgumentBuilder().Append("load").Append("--runs").Append(Argument("runs", "5")).Append("--scale").Append(Argument("load-scale", "40"));
    var postgres = Argument("postgres", EnvironmentVariable("WORKBENCH_TEST_POSTGRES") ?? "");
    if (postgres.Length > 0) load.Append("--postgres").AppendQuoted(postgres);
    DotNetRun(project, load, settings);
    DotNetRun(project, new ProcessArgumentBuilder().Append("models").Append("--runs").Append(Argument("runs", "5")), settings);
});

Task("Default").IsDependentOn("Pipeline");

RunTarget(target);
