using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Faults;

/// <summary>
/// A command killed outright (SIGKILL: a crash, the out-of-memory killer, a lost CI runner) at several points: what
/// readers see is unchanged, nothing is left running or locked, and the next run succeeds.
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

    [Fact]
    public async Task NotebookRun_KilledMidCell_TakesItsKernelWithIt_AndTheNextRunSucceeds()
    {
        Temp.File("workbench.yaml", "name: crash\n");
        Temp.File("pause.ipynb", """
            {"cells":[{"cell_type":"code","execution_count":null,"metadata":{"dotnet_interactive":{"language":"csharp"}},"outputs":[],
              "source":["Console.WriteLine(\"cell one\");\n","System.Threading.Thread.Sleep(int.Parse(Environment.GetEnvironmentVariable(\"PAUSE_MS\") ?? \"0\"));"]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"C#"}},"nbformat":4,"nbformat_minor":5}
            """);
        using var running = RunningCommand.Start(Temp.Path, new Dictionary<string, string> { ["PAUSE_MS"] = "600000" }, "notebook", "run", "pause.ipynb");
        await running.WaitForLineAsync(l => l.Contains("running:", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        var kernels = ChildrenOf(running.Id);
        Assert.NotEmpty(kernels);

        running.Crash();
        await running.ExitAsync(TimeSpan.FromSeconds(30));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (kernels.Any(Exists) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        Assert.False(kernels.Any(Exists), "the notebook's kernel process outlived the runner that was killed");
        Assert.False(File.Exists(Path.Combine(Temp.Path, "artifacts", "notebooks", "pause.ipynb"))); // nothing half-written
        var again = await WorkbenchCommand.RunAsync(Temp.Path, "notebook", "run", "pause.ipynb");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("cell one", await File.ReadAllTextAsync(Path.Combine(Temp.Path, "artifacts", "notebooks", "pause.ipynb")), StringComparison.Ordinal);
    }

    private static async Task<string?> PublishedAsync(string path)
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(path) with { ReadOnly = true });
        return await warehouse.ScalarAsync<string>("SELECT string_agg(customer_id || ':' || revenue, ',' ORDER BY customer_id) FROM marts.customer_orders");
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (Linux /proc).</summary>
    private static List<int> ChildrenOf(int pid) =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0)
            .Where(p => p > 0 && ParentOf(p) == pid)
            .ToList();

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool Exists(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
