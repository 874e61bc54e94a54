using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Faults;

/// <summary>A disk that fills up under the warehouse or the artifacts: a clear error, nothing half-written, and the next run succeeds once there is room.</summary>
public sealed class FullDiskTests : TempDirectoryTest
{
    [SmallDiskFact]
    public async Task Load_OnAFullDisk_ExitsAsAnInfrastructureFailure_WritesNothing_AndLoadsOnceThereIsRoom()
    {
        using var disk = SmallDisk.Mount(megabytes: 10);
        var filler = disk.Fill("filler", bytes: 1_500_000);
        Temp.File("workbench.yaml", "name: full\n");
        Temp.File("small.csv", "order_id,status,note\n1,placed,first\n");
        Temp.File("small2.csv", "order_id,status,note\n2,placed,second\n");
        using (var big = new StreamWriter(Path.Combine(Temp.Path, "big.csv")))
        {
            await big.WriteLineAsync("order_id,status,note");
            for (var i = 0; i < 1_000_000; i++)
            {
                await big.WriteLineAsync($"{i},placed,{i * 7919 % 1_000_003}.{i % 97}");
            }
        }

        var path = Path.Combine(disk.Path, "w.duckdb");
        string[] Load(string file) => ["load", "csv", "orders", file, "--root", Temp.Path, "--untyped", "--warehouse", "duckdb:" + path, "--quiet"];
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, Load("small.csv"))).ExitCode);

        var full = await WorkbenchCommand.RunAsync(Temp.Path, Load("big.csv"));
        var stillFull = await WorkbenchCommand.RunAsync(Temp.Path, Load("small2.csv"));
        File.Delete(filler);
        var again = await WorkbenchCommand.RunAsync(Temp.Path, Load("small2.csv"));

        Assert.True(full.ExitCode == 3, $"exit {full.ExitCode}: {full.Error}");
        Assert.StartsWith($"error: The warehouse {path} failed while big.csv was being loaded into raw.orders", full.Error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", full.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing of this batch was written", full.Error, StringComparison.Ordinal);
        Assert.Contains("room for its write-ahead log", full.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Error, StringComparison.Ordinal);
        Assert.Equal(3, stillFull.ExitCode); // the disk is still full: the same kind of answer, not a crash
        Assert.True(again.ExitCode == 0, again.Error);
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(path));
        Assert.Equal("first,second", await warehouse.ScalarAsync<string>("SELECT string_agg(note, ',' ORDER BY order_id) FROM raw.orders"));
        Assert.Equal(2L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }

    [SmallDiskFact]
    public async Task Build_WithItsArtifactsOnAFullDisk_SaysWhichFileCouldNotBeWritten_KeepsWhatItPublished_AndTheNextBuildWritesThem()
    {
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);
        var warehouse = "duckdb:" + Path.Combine(Temp.Path, "shop.duckdb"); // the warehouse has room; the artifacts do not
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "load", "--warehouse", warehouse)).ExitCode);
        using var disk = SmallDisk.Mount(megabytes: 1);
        Directory.CreateSymbolicLink(Path.Combine(project, "artifacts"), disk.Path);
        var filler = disk.Fill("filler");

        var full = await WorkbenchCommand.RunAsync(project, "build", "--warehouse", warehouse);
        File.Delete(filler);
        var again = await WorkbenchCommand.RunAsync(project, "build", "--warehouse", warehouse);

        Assert.True(full.ExitCode == 3, $"exit {full.ExitCode}: {full.Output}\n{full.Error}");
        Assert.Contains("error: Could not write " + Path.Combine(project, "artifacts"), full.Error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", full.Error, StringComparison.Ordinal);
        Assert.Contains("The work before it is kept", full.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Error, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.True(File.Exists(Path.Combine(project, "artifacts", "run_results.json")));
    }
}
