using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Faults;

/// <summary>
/// A command killed outright (SIGKILL: a crash, the out-of-memory killer, a lost CI runner) at several points: what
/// readers see is unchanged, nothing is left running or locked, and the next run succeeds. (A load killed mid-file:
/// LoadCommandTests; a notebook's runner killed mid-cell: NotebookRunnerTests.)
/// </summary>
public sealed class CrashTests : TempDirectoryTest
{
    [Fact]
    public async Task Build_KilledWhileSeedingOrBuilding_LeavesThePublishedTablesAsTheyWere_AndTheNextBuildPublishes()
    {
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);
        var path = Path.Combine(Temp.Path, "shop.duckdb");
        string[] build = ["build", "--warehouse", "duckdb:" + path];
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "load", "--warehouse", "duckdb:" + path)).ExitCode);
        var first = await WorkbenchCommand.RunAsync(project, build);
        Assert.True(first.ExitCode == 0, first.Error);
        var published = await PublishedAsync(path);
        var slow = Path.Combine(project, "sql", "marts", "slow_report.sql");
        await File.WriteAllTextAsync(slow, "SELECT o.order_id, (SELECT COUNT(*) FROM range(1000000000000)) AS n FROM stg_orders AS o\n");

        // Killed as the build starts writing (seeds), then while a model runs.
        var killed = new List<string>();
        foreach (var (line, after) in new[] { ("BUILD ", TimeSpan.Zero), ("SEED ", TimeSpan.FromSeconds(1.5)) })
        {
            using var running = RunningCommand.Start(project, null, build);
            var started = await running.WaitForLineAsync(l => l.StartsWith("BUILD ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            killed.Add(started.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd(':'));
            await running.WaitForLineAsync(l => l.StartsWith(line, StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            await Task.Delay(after);
            running.Crash();
            await running.ExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(published, await PublishedAsync(path)); // the file opens (no lock left behind) and readers see the last publication
        }

        File.Delete(slow);
        var again = await WorkbenchCommand.RunAsync(project, build);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("CLEAN", again.Output, StringComparison.Ordinal); // the killed builds' areas are dropped
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(path));
        var areas = (await warehouse.QueryAsync("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'wb_build_%'")).Column<string>("schema_name");
        Assert.DoesNotContain(areas, a => killed.Any(id => a.EndsWith(id.Replace('-', '_').ToLowerInvariant(), StringComparison.Ordinal)));
        Assert.Equal(2, killed.Distinct().Count());
    }

    private static async Task<string?> PublishedAsync(string path)
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(path) with { ReadOnly = true });
        return await warehouse.ScalarAsync<string>("SELECT string_agg(customer_id || ':' || revenue, ',' ORDER BY customer_id) FROM marts.customer_orders");
    }
}
