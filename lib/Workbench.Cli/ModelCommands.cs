using System.CommandLine;
using System.Globalization;
using Workbench.Application;
using Workbench.Models;

namespace Workbench.Cli;

/// <summary><c>workbench models ls|show|run|test|lineage</c>: the SQL models under sql/, planned, built in dependency order, tested, drawn.</summary>
internal static class ModelCommands
{
    private static readonly Option<string[]> SelectOption = new("--select", "-s")
    {
        Description = "Models to include: NAME, SCHEMA.NAME, LAYER, tag:T, path:FOLDER, materialized:KIND, state:modified; +x adds ancestors, x+ descendants; a,b intersects.",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    private static readonly Option<string[]> ExcludeOption = new("--exclude") { Description = "Models to leave out (same forms as --select).", AllowMultipleArgumentsPerToken = true, Recursive = true };

    /// <summary>The selection options, for other commands that select models (test).</summary>
    public static (Option<string[]> Select, Option<string[]> Exclude) Selection() =>
        (new Option<string[]>("--select", "-s") { Description = SelectOption.Description, AllowMultipleArgumentsPerToken = true },
         new Option<string[]>("--exclude") { Description = ExcludeOption.Description, AllowMultipleArgumentsPerToken = true });

    public static Command Create()
    {
        var models = new Command("models", "SQL models (sql/SCHEMA/NAME.sql): list, plan and build in dependency order, unit-test, draw the lineage.") { Ls(), Show(), Run(), Test(), Lineage() };
        models.Options.Add(SelectOption);
        models.Options.Add(ExcludeOption);
        return models;
    }

    private static Command Ls()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var ls = new Command("ls", "List the selected models in build order, with materialization, tags and inputs (state:modified judged for --env and --warehouse).") { environment, warehouse };
        ls.SetAction(async parse =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var project = session.Models();
            var selected = session.Select(project, parse.GetValue(SelectOption), parse.GetValue(ExcludeOption));
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

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The model: NAME or SCHEMA.NAME, e.g. stg_orders." };
        var show = new Command("show", "Show a model: its file, materialization, what it reads and what reads it, its contract, and its SQL.") { name };
        show.SetAction(async parse =>
        {
            await using var session = CliOptions.Open(parse);
            Console.Write(ModelShown.Find(session, parse.GetValue(name)!).ToText());
            return 0;
        });
        return show;
    }

    private static Command Run()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first failure (otherwise only the failed model's descendants are skipped)." };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Rebuild incremental models from scratch (snapshots keep their history)." };
        var threads = new Option<int>("--threads") { Description = "Build up to N independent models at once where the engine allows it (PostgreSQL: one connection each; DuckDB builds one at a time).", DefaultValueFactory = _ => 1 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (per model: create, replace or update in place, and why) and change nothing." };
        var sql = new Option<bool>("--sql") { Description = "With --dry-run: print each model's statements too." };
        var run = new Command("run", "Plan, then build the selected models in dependency order; writes artifacts/manifest.json, artifacts/run_results.json and the state behind state:modified.")
        {
            environment, warehouse, failFast, fullRefresh, threads, dryRun, sql,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var built = await new Build(parse.GetValue(SelectOption), parse.GetValue(ExcludeOption), parse.GetValue(fullRefresh), parse.GetValue(failFast),
                parse.GetValue(threads), parse.GetValue(dryRun)).WithoutChecks().RunAsync(session, cancellationToken);
            if (built.Summary is null)
            {
                Console.Write(built.Plan.ToText(parse.GetValue(sql)));
                return 0;
            }

            Console.WriteLine($"{built} Artifacts: {session.Project.Artifacts}");
            return built.Succeeded ? 0 : 1;
        });
        return run;
    }

    private static Command Test()
    {
        var junit = new Option<string?>("--junit") { Description = "Write the results as JUnit XML to this file (one test case per unit test)." };
        var engine = new Option<string>("--warehouse") { Description = "Where to run them: duckdb::memory: (default) or postgres:CONNECTION-STRING. No real table is read or written.", DefaultValueFactory = _ => RunUnitTests.InMemory };
        var test = new Command("test", "Run the model unit tests under sql/unit/ (fixture rows in, expected rows out) on an in-memory warehouse; exit 1 on a failure.") { junit, engine };
        test.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse);
            var ran = await new RunUnitTests(parse.GetValue(SelectOption), parse.GetValue(engine), parse.GetValue(junit)).RunAsync(session, cancellationToken);
            Console.WriteLine(ran);
            return ran.Failed > 0 ? 1 : 0;
        });
        return test;
    }

    private static Command Lineage()
    {
        var format = new Option<string>("--format") { Description = "mermaid (text for READMEs) or html (a page to click through).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("mermaid", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (default: html to artifacts/reports/lineage.html, mermaid to the terminal)." };
        var lineage = new Command("lineage", "Draw the model graph: sources, models, and what each is built from.") { format, output };
        lineage.SetAction(async parse =>
        {
            await using var session = CliOptions.Open(parse);
            var drawn = new RenderLineage(parse.GetValue(SelectOption), parse.GetValue(format) == "mermaid", parse.GetValue(output)).Run(session);
            if (drawn.Mermaid is { } text && drawn.Path is null)
            {
                Console.Write(text);
            }
            else
            {
                Console.WriteLine($"wrote {drawn.Path}: {drawn.Models} model(s)");
            }

            return 0;
        });
        return lineage;
    }
}
