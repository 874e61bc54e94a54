using System.CommandLine;
using Workbench.Application;
using Workbench.Errors;
using Workbench.Publishing;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench build</c> (seeds, models, tests and contract checks, written apart, audited, then published),
/// <c>workbench rollback</c>, <c>workbench promote</c> and <c>workbench diff</c>: what readers of an environment see.
/// </summary>
internal static class BuildCommands
{
    public static Command Build()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var (select, exclude) = ModelCommands.Selection();
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Rebuild incremental models from scratch (snapshots keep their history)." };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first failure (otherwise only what reads the failed model is skipped)." };
        var threads = new Option<int>("--threads") { Description = "Build up to N independent models at once where the engine allows it (PostgreSQL).", DefaultValueFactory = _ => 1 };
        var publish = new Option<string?>("--publish")
        {
            Description = "all: publish only when every error-severity check passes, all at once (the default, and the pipeline's); passing: publish what passed and what reads only what passed; none: audit only.",
        };
        publish.AcceptOnlyFromAmong("all", "passing", "none");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var runDate = new Option<DateOnly?>("--run-date") { Description = "The run's logical date, as the pipeline passes it: freshness SLAs are judged and snapshot versions dated at its end (default: now)." };
        var build = new Command("build", "Load the seeds, build the selected models in dependency order into a build schema of their own, run their data tests and contract checks there, " +
            "and publish what passed in one transaction (like dbt build, with write-audit-publish). Exit 1 when an error-severity check or a model fails; readers keep the previous tables.")
        {
            environment, warehouse, select, exclude, fullRefresh, failFast, threads, publish, dryRun, runDate,
        };
        build.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var mode = parse.GetValue(publish) is { } given ? Enum.Parse<PublishMode>(given, ignoreCase: true) : (PublishMode?)null;
            var endOfRunDate = parse.GetValue(runDate)?.AddDays(1).ToDateTime(TimeOnly.MinValue);
            var built = await new Build(parse.GetValue(select), parse.GetValue(exclude), parse.GetValue(fullRefresh), parse.GetValue(failFast), parse.GetValue(threads), parse.GetValue(dryRun), endOfRunDate, endOfRunDate)
            {
                Publish = mode,
            }.RunAsync(session, cancellationToken);
            if (built.Summary is null)
            {
                Console.Write(built.Plan.ToText());
                return 0;
            }

            Console.WriteLine(built.ToString());
            if (!built.Succeeded)
            {
                Console.Error.Write(session.Masker.Apply(new BuildFailedException(built).Message));
                return 1;
            }

            return 0;
        });
        return build;
    }

    public static Command Rollback()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var to = new Option<string?>("--to") { Description = "The publication to restore (its id, or the start of it; see workbench runs show). Default: the one before the current." };
        var rollback = new Command("rollback", "Publish an earlier build again, without recomputing: the published views point back at its audited versions, in one transaction, content hashes checked.")
        {
            environment, warehouse, to,
        };
        rollback.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            Console.WriteLine(await new Application.Rollback(parse.GetValue(to)).RunAsync(session, cancellationToken));
            return 0;
        });
        return rollback;
    }

    public static Command Reset()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var reset = new Command("reset", "Empty a scratch environment (scratch: true in workbench.yaml): drop every schema of its warehouse, its history included, so the next load and build start from nothing. Any other environment is refused.")
        {
            environment, warehouse,
        };
        reset.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            Console.WriteLine(await new Application.ResetEnvironment().RunAsync(session, cancellationToken));
            return 0;
        });
        return reset;
    }

    public static Command Promote()
    {
        var from = new Option<string>("--from") { Description = "The environment whose published (audited) state is promoted, e.g. qa.", Required = true };
        var to = new Option<string?>("--to") { Description = "The environment that publishes it, e.g. prod.", Required = true };
        var warehouse = CliOptions.Warehouse();
        var promote = new Command("promote", "Publish in --to exactly what --from has published: the same audited version tables where both share a warehouse (nothing rebuilt), copies where they do not.")
        {
            from, to, warehouse,
        };
        promote.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, to, warehouse);
            Console.WriteLine(await new Application.Promote(parse.GetValue(from)!).RunAsync(session, cancellationToken));
            return 0;
        });
        return promote;
    }

    public static Command Diff()
    {
        var environment = CliOptions.Environment();
        var against = new Option<string>("--against") { Description = "The environment to compare with, e.g. prod.", Required = true };
        var warehouse = CliOptions.Warehouse();
        var (select, exclude) = ModelCommands.Selection();
        var diff = new Command("diff", "Compare the published models of --env with --against: columns added, removed or retyped, row counts, rows only in one by unique key, per-column match, sample differing rows. Exit 1 when any differ.")
        {
            environment, against, warehouse, select, exclude,
        };
        diff.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var compared = await new DiffEnvironments(parse.GetValue(against)!, parse.GetValue(select), parse.GetValue(exclude)).RunAsync(session, cancellationToken);
            Console.WriteLine(compared);
            return compared.Same ? 0 : 1;
        });
        return diff;
    }

    public static Command Runs()
    {
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var limit = new Option<int>("--limit", "-n") { Description = "How many runs to list, newest first.", DefaultValueFactory = _ => 20 };
        var all = new Option<bool>("--all-environments") { Description = "List the runs of every environment that writes to this warehouse." };
        var runs = new Command("runs", "The run history kept in the warehouse's audit schema: every build, load, test, rollback, promotion and pipeline run.") { environment, warehouse, limit, all };
        runs.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            Console.WriteLine(await new ListRuns(parse.GetValue(limit), parse.GetValue(all)).RunAsync(session, cancellationToken));
            return 0;
        });

        var showEnvironment = CliOptions.Environment();
        var showWarehouse = CliOptions.Warehouse();
        var id = new Argument<string>("id") { Description = "The run's id, or the start of it." };
        var samples = new Option<int>("--rows") { Description = "Failing rows to show per check.", DefaultValueFactory = _ => 5 };
        var show = new Command("show", "One run: its command, commit and parameters, every node (load, seed, model, step) and every check, with failing-row samples.") { id, showEnvironment, showWarehouse, samples };
        show.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, showEnvironment, showWarehouse);
            var shown = await new ShowRun(parse.GetValue(id)!).RunAsync(session, cancellationToken);
            Console.Write(shown.ToText(parse.GetValue(samples)));
            return shown.Run.Status == "failed" ? 1 : 0;
        });
        runs.Subcommands.Add(show);
        return runs;
    }
}
