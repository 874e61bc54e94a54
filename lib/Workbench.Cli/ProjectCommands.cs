using System.CommandLine;
using System.Globalization;
using Workbench.Application;
using Workbench.Notebooks.Pipeline;
using Workbench.Notebooks.Starter;

namespace Workbench.Cli;

/// <summary><c>workbench init|test|docs|pipeline</c>: whole-project commands, each one application operation.</summary>
internal static class ProjectCommands
{
    public static Command Init()
    {
        var folder = new Argument<string>("folder") { Description = "Where to create the project (a new or empty folder)." };
        var name = new Option<string?>("--name") { Description = "The project's name (default: the folder's name)." };
        var init = new Command("init", "Create a working starter project: workbench.yaml, sources, contracts, models, tests, a notebook and a script.") { folder, name };
        init.SetAction(parse =>
        {
            var created = new InitProject(parse.GetValue(folder)!, parse.GetValue(name), AppContext.BaseDirectory).Run();
            Console.WriteLine($"created project {created.Project.Name} in {created.Project.Root}: {created.Files.Count} files");
            foreach (var file in created.Files)
            {
                Console.WriteLine("  " + file);
            }

            Console.WriteLine($"Next: cd {created.Project.Root} && workbench pipeline run");
            return 0;
        });
        return init;
    }

    public static Command Test()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var (select, exclude) = ModelCommands.Selection();
        var junit = new Option<string?>("--junit") { Description = "Folder for the JUnit XML (default: artifacts/test-results)." };
        var asOf = new Option<DateTime?>("--as-of") { Description = "Judge freshness SLAs at this UTC time (default: now); a pipeline passes the end of its run date." };
        var showSensitive = CliOptions.ShowSensitive();
        var test = new Command("test", "Run the data tests (sql/tests) and the contracts' checks on the warehouse, read-only; JUnit per kind; exit 1 on an error-severity failure.")
        {
            environment, warehouse, select, exclude, junit, asOf, showSensitive,
        };
        test.SetAction(async (parse, cancellationToken) =>
        {
            var sensitive = CliOptions.SensitiveAllowed(parse, showSensitive);
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var ran = await new RunTests(parse.GetValue(select), parse.GetValue(exclude), parse.GetValue(asOf)) { JUnitFolder = parse.GetValue(junit), ShowSensitive = sensitive }.RunAsync(session, cancellationToken);
            Console.WriteLine(ran.Report());
            return ran.Passed ? 0 : 1;
        });
        return test;
    }

    public static Command Docs()
    {
        var outputs = new Option<string[]>("--output", "-o") { Description = "Files to write: .md for Markdown, .html for a page with a filter box (default: print Markdown).", AllowMultipleArgumentsPerToken = true };
        var docs = new Command("docs", "Render the project's data dictionary from its contracts.") { outputs };
        docs.SetAction(parse => RenderDocsAsync(parse, parse.GetValue(outputs) ?? []));
        return docs;
    }

    /// <summary>The project's dictionary as `workbench docs` and the pipeline render it (each table's SQL, contract and neighbours).</summary>
    internal static async Task<int> RenderDocsAsync(ParseResult parse, IReadOnlyList<string> outputs)
    {
        await using var session = CliOptions.Open(parse);
        var rendered = new RenderDocs(outputs).Run(session);
        if (rendered.Markdown is { } markdown)
        {
            Console.Write(markdown);
        }

        foreach (var file in rendered.Files)
        {
            Console.WriteLine($"wrote {file}: {rendered.Tables} table(s), {rendered.Columns} column(s)");
        }

        return 0;
    }

    public static Command Pipeline()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var steps = new Option<string[]>("--step") { Description = "Run only these steps (by name, in pipeline order).", AllowMultipleArgumentsPerToken = true };
        var vars = new Option<string[]>("--var", "-v") { Description = "A value for this run, name=value (e.g. -v runDate=2024-06-30): replaces the project's vars." };
        var cellTimeout = new Option<double?>("--cell-timeout") { Description = "Seconds one notebook cell may run." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds one notebook may run." };
        var run = new Command("run", "Run the project's pipeline (workbench.yaml pipeline:), stopping at the first failure; exit 1 naming the step and why.")
        {
            environment, warehouse, steps, vars, cellTimeout, timeout,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            Console.WriteLine($"pipeline of {session.Project.Name}: environment {session.Environment}, warehouse {session.Warehouse} ({session.Warehouse.Source})");
            var ran = await new RunPipeline(
                parse.GetValue(steps) is { Length: > 0 } only ? only : null,
                ParsePairs(parse.GetValue(vars) ?? [], "--var"),
                Seconds(parse.GetValue(cellTimeout)),
                Seconds(parse.GetValue(timeout))).RunAsync(session, cancellationToken);
            if (ran.Succeeded)
            {
                Console.WriteLine(ran);
                foreach (var step in ran.Steps.Where(s => s.Output is not null))
                {
                    Console.WriteLine($"  {step.Step.Name,-12} {step.Output}");
                }

                return 0;
            }

            await Console.Error.WriteLineAsync("error: " + ran);
            return 1;
        });
        var ls = new Command("ls", "List the pipeline's steps in order.");
        ls.SetAction(async parse =>
        {
            await using var session = CliOptions.Open(parse);
            foreach (var step in session.Project.Settings.Pipeline)
            {
                Console.WriteLine($"{step.Name,-16} {step.Kind.ToString().ToLowerInvariant(),-10} {step.Notebook ?? string.Join(' ', step.Select)}");
            }

            return 0;
        });
        return new Command("pipeline", "The project's pipeline: its steps, run in order with gates.") { run, ls };
    }

    /// <summary>name=value pairs; a pair without '=' is an error naming the option.</summary>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs, string option)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"'{pair}' is not name=value; write it as {option} name=value, e.g. {option} runDate=2024-03-01.");
            }

            values[pair[..eq].Trim()] = pair[(eq + 1)..];
        }

        return values;
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
