using Workbench.Tests.Support;

namespace Workbench.Tests.Projects;

/// <summary>The command line's own rough edges, as a user meets them in a new project.</summary>
public sealed class CommandLineTests : TempDirectoryTest
{
    /// <summary>A starter project whose raw orders promise to be at most 20 days old (so judged today they are stale), loaded.</summary>
    private async Task<(string Project, string OrdersContract)> LoadedStarterWithAnOrdersSlaAsync()
    {
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);
        var contract = Path.Combine(project, "contracts", "raw", "orders.odcs.yaml");
        await File.AppendAllTextAsync(contract, """
            slaProperties:
              - property: latency
                value: 20
                unit: d
                element: orders.ordered_at

            """);
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "load")).ExitCode);
        return (project, contract);
    }

    [Fact]
    public async Task SqlAndModelsShow_OnABuiltProject_PrintRowsAsATable_AndAModelWithItsNeighbours()
    {
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "load")).ExitCode);
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "build")).ExitCode);

        var query = await WorkbenchCommand.RunAsync(project, "sql", "SELECT customer_id, country, orders FROM marts.customer_orders ORDER BY customer_id", "--limit", "2");
        var write = await WorkbenchCommand.RunAsync(project, "sql", "DELETE FROM marts.customer_orders");
        var show = await WorkbenchCommand.RunAsync(project, "models", "show", "stg_orders");
        var typo = await WorkbenchCommand.RunAsync(project, "models", "show", "stg_ordrs");

        Assert.True(query.ExitCode == 0, query.Error);
        var lines = query.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id | country | orders", lines[0]);
        Assert.Equal("          1 | Germany |      3", lines[2]); // numbers right-aligned; plain text when not on a terminal
        Assert.Equal("(first 2 of 2+ rows; --limit shows more)", lines[^1]);
        Assert.NotEqual(0, write.ExitCode); // read-only: a query cannot change the warehouse
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.StartsWith("staging.stg_orders  (table, sql/staging/stg_orders.sql)", show.Output, StringComparison.Ordinal);
        Assert.Contains("  read by:   marts.customer_orders", show.Output, StringComparison.Ordinal);
        Assert.Contains("FROM orders", show.Output, StringComparison.Ordinal); // the file as written
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("There is no model 'stg_ordrs'; did you mean 'stg_orders'?", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsRun_OnAnEnvironmentWithNothingLoaded_FailsOnce_SayingWhatToLoad()
    {
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);

        var sql = await WorkbenchCommand.RunAsync(project, "sql", "SELECT 1", "--env", "prod");
        var run = await WorkbenchCommand.RunAsync(project, "models", "run", "--env", "prod");
        var help = await WorkbenchCommand.RunAsync(project, "models", "run", "--help");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The selected models read raw.customers, raw.orders, which the prod warehouse", run.Error, StringComparison.Ordinal);
        Assert.Contains("Load the sources first: `workbench load --env prod`", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("  workbench models run [options]", help.Output, StringComparison.Ordinal); // not Workbench.Cli
        Assert.Equal(2, sql.ExitCode);
        Assert.Contains("Run `workbench pipeline run`", sql.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContractTest_AfterTheRunDatesLoad_JudgesFreshnessAtTheRunDate_AndSaysSo()
    {
        var (project, contract) = await LoadedStarterWithAnOrdersSlaAsync();

        var atRunDate = await WorkbenchCommand.RunAsync(project, "contract", "test", contract);
        var now = await WorkbenchCommand.RunAsync(project, "contract", "test", contract, "--as-of", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(atRunDate.ExitCode == 0, atRunDate.Output + atRunDate.Error);
        Assert.Contains("NOTE freshness is judged at 2024-03-01 00:00:00 UTC (the end of the run date 2024-02-29, vars.runDate in workbench.yaml)", atRunDate.Output, StringComparison.Ordinal);
        Assert.Equal(1, now.ExitCode); // the same data judged today is stale
        Assert.Contains("FAIL", now.Output, StringComparison.Ordinal);
        Assert.Contains("(as asked)", now.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WithAFailingCheck_EndsWithFailuresFirstThenEachTable_InColourOnlyOnATerminalOrWhenForced()
    {
        var (project, _) = await LoadedStarterWithAnOrdersSlaAsync();
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "build")).ExitCode);
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var plain = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, project, new Dictionary<string, string> { ["FORCE_COLOR"] = "", ["WORKBENCH_COLOR"] = "" }, "test", "--as-of", now);
        var forced = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, project, new Dictionary<string, string> { ["FORCE_COLOR"] = "1", ["NO_COLOR"] = "" }, "test", "--as-of", now);

        Assert.Equal(1, plain.ExitCode);
        var lines = plain.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var failed = lines.IndexOf("Failed (1):");
        var byTable = lines.IndexOf("By table:");
        Assert.True(failed > 0 && byTable > failed, plain.Output);
        Assert.True(lines.FindLastIndex(l => l.StartsWith("PASS ", StringComparison.Ordinal)) < failed, "the failures come after every streamed line, where a reader looks");
        Assert.StartsWith("  FAIL orders.ordered_at latency", lines[failed + 1], StringComparison.Ordinal);
        Assert.Matches(@"\(contracts/raw/orders\.odcs\.yaml:\d+:\d+\)$", lines[failed + 1]); // the rule, relative to the project
        Assert.StartsWith("  FAIL orders ", lines[byTable + 1], StringComparison.Ordinal); // the failing table first
        Assert.Contains(lines.Skip(byTable + 1), l => l.StartsWith("  PASS customers ", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", plain.Output, StringComparison.Ordinal); // not a terminal: plain text for logs
        Assert.Contains("  \u001b[1;31mFAIL\u001b[0m orders.ordered_at latency", forced.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[32mPASS\u001b[0m ", forced.Output, StringComparison.Ordinal);
    }
}
