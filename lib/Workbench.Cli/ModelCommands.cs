using System.CommandLine;
using System.Globalization;
using Workbench.Contracts;
using Workbench.Models;
using Workbench.Project;
using Workbench.Warehouse;

namespace Workbench.Cli;

/// <summary><c>workbench models ls|run|lineage</c>: the SQL models under sql/, built in dependency order.</summary>
internal static class ModelCommands
{
    private static readonly Option<string[]> SelectOption = new("--select", "-s")
    {
        Description = "Models to include: NAME, SCHEMA.NAME, LAYER, tag:T, path:FOLDER, state:modified; +x adds ancestors, x+ descendants; a,b intersects.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string[]> ExcludeOption = new("--exclude") { Description = "Models to leave out (same forms as --select).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> EnvOption = new("--env")
    {
        Description = "dev, qa or prod. DuckDB: the warehouse file artifacts/warehouse/workbench-ENV.duckdb (default dev). " +
            "PostgreSQL: dev uses the database given; qa and prod their own beside it (DB_qa, DB_prod), created on first use.",
    };
    private static readonly Option<string?> WarehouseOption = new("--warehouse") { Description = "duckdb:PATH or postgres:CONNECTION-STRING." };
    private static readonly Option<string> ProjectOption = new("--project") { Description = "The repository root (holds sql/, contracts/ and artifacts/).", DefaultValueFactory = _ => "." };

    public static Command Create()
    {
        var models = new Command("models", "SQL models (sql/SCHEMA/NAME.sql): list, build in dependency order, unit-test, draw the lineage.") { Ls(), Run(), Test(), Lineage() };
        foreach (var option in new Option[] { SelectOption, ExcludeOption, ProjectOption })
        {
            option.Recursive = true;
            models.Options.Add(option);
        }

        EnvOption.AcceptOnlyFromAmong("dev", "qa", "prod");
        return models;
    }

    private static Command Ls()
    {
        var ls = new Command("ls", "List the selected models in build order, with materialization, tags and inputs.");
        ls.SetAction(parse =>
        {
            var (project, selected, _) = Load(parse);
            foreach (var model in project.InBuildOrder(m => selected.Contains(m.Id)))
            {
                var inputs = model.DependsOn.Select(d => d.ToString()).Concat(model.Sources).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model.Id,-40} {model.Materialization.ToString().ToLowerInvariant(),-8} {(model.Tags.Count == 0 ? string.Empty : "[" + string.Join(", ", model.Tags) + "] ")}<- {(inputs.Count == 0 ? "(nothing)" : string.Join(", ", inputs))}"));
            }

            Console.WriteLine($"{selected.Count} of {project.Models.Count} model(s) selected.");
            return 0;
        });
        return ls;
    }

    private static Command Run()
    {
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first failure (otherwise only the failed model's descendants are skipped)." };
        var contractsPath = new Option<string>("--contracts") { Description = "Contracts that table models must satisfy.", DefaultValueFactory = _ => "contracts" };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Rebuild incremental models from scratch (snapshots keep their history)." };
        var threads = new Option<int>("--threads") { Description = "Build up to N independent models at once (PostgreSQL: one connection each; DuckDB builds one at a time).", DefaultValueFactory = _ => 1 };
        var run = new Command("run", "Build the selected models in dependency order; writes artifacts/manifest.json and artifacts/run_results.json.") { EnvOption, WarehouseOption, failFast, contractsPath, fullRefresh, threads };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var root = WorkbenchProject.Find(parse.GetValue(ProjectOption)).Root;
            var env = parse.GetValue(EnvOption);
            var location = parse.GetValue(WarehouseOption) ?? "duckdb:" + Path.Combine(root, "artifacts", "warehouse", $"workbench-{env ?? "dev"}.duckdb");
            var options = env is null ? WarehouseOptions.Parse(location) : WarehouseOptions.Parse(location).ForEnvironment(env);
            var (project, selected, _) = Load(parse, options.Engine);
            var folder = Path.Combine(root, parse.GetValue(contractsPath)!);
            IReadOnlyList<DataContract>? contracts = null;
            if (Directory.Exists(folder))
            {
                if (await CliContracts.LintCleanAsync([folder], "nothing was built") is not { } lint)
                {
                    return 1;
                }

                contracts = lint.Contracts;
            }

            await using var warehouse = await WarehouseConnection.OpenAsync(options, cancellationToken);
            var started = DateTimeOffset.UtcNow;
            foreach (var seed in await SeedLoader.LoadAllAsync(warehouse, Path.Combine(root, "data", "seeds"), contracts, cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SEED      {seed.Table,-40} {seed.Rows:N0} rows{(seed.Typed ? string.Empty : " (no contract: text columns)")}"));
            }

            var runner = new ModelRunner(warehouse)
            {
                Contracts = contracts,
                FailFast = parse.GetValue(failFast),
                FullRefresh = parse.GetValue(fullRefresh),
                Threads = Math.Max(1, parse.GetValue(threads)),
                OpenConnection = ct => WarehouseConnection.OpenAsync(options, ct),
                Progress = r => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Status.ToString().ToUpperInvariant(),-9} {r.Model,-40} {(r.Rows is { } rows ? $"{rows:N0} rows" : string.Empty),-14} {r.Duration.TotalSeconds,6:0.00} s{(r.Error is null ? string.Empty : Environment.NewLine + "          " + r.Error)}")),
            };
            var summary = await runner.RunAsync(project, m => selected.Contains(m.Id), cancellationToken);
            var artifacts = Path.Combine(root, "artifacts");
            ModelArtifacts.WriteManifest(project, Path.Combine(artifacts, "manifest.json"), m => ContractFileOf(contracts, m, root));
            ModelArtifacts.WriteRunResults(summary, Path.Combine(artifacts, "run_results.json"), started);
            ModelArtifacts.UpdateState(Path.Combine(artifacts, "state", "models.json"), project, summary);
            var failed = summary.Results.Count(r => r.Status == ModelStatus.Failed);
            Console.WriteLine($"{summary.Results.Count} model(s): {summary.Results.Count(r => r.Status == ModelStatus.Succeeded)} built, {failed} failed, {summary.Results.Count(r => r.Status == ModelStatus.Skipped)} skipped. Artifacts: {artifacts}");
            return failed > 0 ? 1 : 0;
        });
        return run;
    }

    private static Command Test()
    {
        var contractsPath = new Option<string>("--contracts") { Description = "Contracts that type the fixture rows.", DefaultValueFactory = _ => "contracts" };
        var junit = new Option<string?>("--junit") { Description = "Write the results as JUnit XML to this file (one test case per unit test)." };
        var test = new Command("test", "Run the model unit tests under sql/unit/ (fixture rows in, expected rows out) on an in-memory warehouse; exit 1 on a failure.") { contractsPath, junit };
        var engine = new Option<string>("--warehouse") { Description = "Where to run them: duckdb::memory: (default) or postgres:CONNECTION-STRING. No real table is read or written.", DefaultValueFactory = _ => "duckdb::memory:" };
        test.Options.Add(engine);
        test.SetAction(async (parse, cancellationToken) =>
        {
            var options = WarehouseOptions.Parse(parse.GetValue(engine)!);
            var (project, selected, root) = Load(parse, options.Engine);
            var folder = Path.Combine(root, parse.GetValue(contractsPath)!);
            var contracts = Directory.Exists(folder) ? ContractLinter.Lint([folder]).Contracts : null;
            var tests = Workbench.Models.Testing.ModelUnitTestParser.LoadFolder(root, Path.Combine(root, "sql", "unit")).Where(t => selected.Contains(t.Model)).ToList();
            await using var warehouse = await WarehouseConnection.OpenAsync(options, cancellationToken);
            var results = await new Workbench.Models.Testing.ModelUnitTestRunner(warehouse, project, contracts).RunAsync(tests, cancellationToken);
            foreach (var result in results)
            {
                Console.WriteLine(result);
            }

            if (parse.GetValue(junit) is { } junitPath)
            {
                Workbench.Reporting.JUnitReport.Write(junitPath, "model unit tests", results.Select(r => new Workbench.Reporting.JUnitCase(
                    r.Test.Name, "models." + r.Test.Model, TimeSpan.Zero, r.Passed ? null : r.Error ?? "rows differ", r.Passed ? null : r.ToString(), SystemOut: r.Test.File)).ToList(), DateTimeOffset.UtcNow);
            }

            var failed = results.Count(r => !r.Passed);
            Console.WriteLine($"{results.Count} unit test(s): {results.Count - failed} passed, {failed} failed.");
            return failed > 0 ? 1 : 0;
        });
        return test;
    }

    private static Command Lineage()
    {
        var format = new Option<string>("--format") { Description = "mermaid (text for READMEs) or html (a page to click through).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("mermaid", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (default: html to artifacts/reports/lineage.html, mermaid to the terminal)." };
        var lineage = new Command("lineage", "Draw the model graph: sources, models, and what each is built from.") { format, output };
        lineage.SetAction(parse =>
        {
            var (project, selected, root) = Load(parse);
            if (parse.GetValue(format) == "mermaid")
            {
                var text = ModelLineage.Mermaid(project, selected);
                if (parse.GetValue(output) is { } file)
                {
                    File.WriteAllText(file, text);
                    Console.WriteLine($"wrote {file}");
                }
                else
                {
                    Console.Write(text);
                }

                return 0;
            }

            var path = parse.GetValue(output) ?? Path.Combine(root, "artifacts", "reports", "lineage.html");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, ModelLineage.Html(project, DateTimeOffset.UtcNow));
            Console.WriteLine($"wrote {path}: {project.Models.Count} model(s)");
            return 0;
        });
        return lineage;
    }

    private static (ModelProject Project, IReadOnlySet<ModelId> Selected, string Root) Load(ParseResult parse, WarehouseEngine? engine = null)
    {
        var root = WorkbenchProject.Find(parse.GetValue(ProjectOption)).Root;
        var contractsFolder = Path.Combine(root, "contracts");
        var known = Directory.Exists(contractsFolder) ? ModelProject.KnownSources(ContractLinter.Lint([contractsFolder]).Contracts, ["raw", SeedLoader.Schema]) : null;
        var project = ModelProject.Load(root, "sql", ["raw", SeedLoader.Schema], engine, known);
        var state = ModelArtifacts.ReadState(Path.Combine(root, "artifacts", "state", "models.json"));
        var selected = ModelSelector.Select(project, parse.GetValue(SelectOption), parse.GetValue(ExcludeOption), state.Count == 0 ? null : ModelArtifacts.ModifiedSince(state));
        return (project, selected, root);
    }

    private static string? ContractFileOf(IReadOnlyList<DataContract>? contracts, SqlModel model, string root) =>
        contracts?.FirstOrDefault(c => c.Schema.Any(t => TableName.Comparer.Equals(ContractDdl.TableNameOf(t), new TableName(model.Id.Schema, model.Id.Name)))) is { } contract
            ? Path.GetRelativePath(root, Path.GetFullPath(contract.File)).Replace('\\', '/')
            : null;
}
