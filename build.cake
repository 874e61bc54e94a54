// Workbench's build: `dotnet tool restore`, then `dotnet cake --target=<Target>`.
// The Cake files only orchestrate: the pipeline's steps are defined once, in workbench.yaml, and run by our own
// command line (`workbench pipeline run`), so nothing here `#r`s a DLL that a fresh clone has not built yet.
#load "build/parameters.cake"
#load "build/workbench.cake"
#load "build/tests.cake"

var target = Argument("target", "Pipeline");
var p = BuildParameters.From(Context);
Teardown(context =>
{
    if (!context.Successful)
    {
        Error("");
        Error($"{target} failed: {context.ThrownException?.Message}");
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

Task("Docs")
    .Description("Regenerate contracts/DICTIONARY.md and artifacts/reports/data-dictionary.html from the contracts (commit the Markdown).")
    .IsDependentOn("Build")
    .Does(() => Workbench(Context, p, "the data dictionary could not be rendered (see above)",
        "docs", "-o", System.IO.Path.Combine(p.Root, "contracts", "DICTIONARY.md"), System.IO.Path.Combine(p.Reports, "data-dictionary.html")));

Task("Pipeline")
    .Description("The project's pipeline, as workbench.yaml lists it (contracts, unit tests, then the five layer notebooks), stopping at the first failure; --step=NAME runs only that step.")
    .IsDependentOn("Build")
    .Does(() => RunPipeline(Context, p));

Task("Test")
    .Description("Build and run every test; prints 'N passed, N failed, N skipped'.")
    .IsDependentOn("Build")
    .Does(() => RunTests(Context, p));

Task("Benchmark")
    .Description("Measure the notebook runner against dotnet-repl, raw loading against DuckDB's read_csv and PostgreSQL's COPY, model builds against direct statements, and audited builds against direct ones; prints the ratios.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var project = "./tests/Workbench.Benchmarks/Workbench.Benchmarks.csproj";
    var settings = new DotNetRunSettings { Configuration = p.Configuration, NoBuild = true };
    // A missed target is printed; it fails the build only with --strict=true (a busy machine makes ratios noisy).
    var strict = Argument("strict", false);
    ProcessArgumentBuilder Args(string benchmark, string runs)
    {
        var args = new ProcessArgumentBuilder().Append(benchmark).Append("--runs").Append(Argument("runs", runs));
        return strict ? args.Append("--strict") : args;
    }

    DotNetRun(project, Args("runner", "7"), settings);
    var load = Args("load", "5").Append("--scale").Append(Argument("load-scale", "40"));
    var postgres = Argument("postgres", EnvironmentVariable("WORKBENCH_TEST_POSTGRES") ?? "");
    if (postgres.Length > 0) load.Append("--postgres").AppendQuoted(postgres);
    DotNetRun(project, load, settings);
    DotNetRun(project, Args("models", "5"), settings);
    var audit = Args("audit", "5");
    if (postgres.Length > 0) audit.Append("--postgres").AppendQuoted(postgres);
    DotNetRun(project, audit, settings);
});

Task("Default").IsDependentOn("Pipeline");

RunTarget(target);
