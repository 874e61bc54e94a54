using System.Diagnostics;
using Npgsql;
using Workbench.Tests.Support;

namespace Workbench.Tests.Faults;

/// <summary>The warehouse server stopped while the command line works on it: a clear error, nothing half-written, and the next run recovers.</summary>
public sealed class ServerFaultTests : TempDirectoryTest
{
    [Fact]
    public async Task LoadCsv_ServerStoppedMidLoad_ExitsAsAnInfrastructureFailure_NamingTheBatch_WritesNothing_AndTheNextRunLoads()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        Temp.File("workbench.yaml", "name: fault\n");
        using (var file = new StreamWriter(Path.Combine(Temp.Path, "big.csv")))
        {
            await file.WriteLineAsync("order_id,status");
            for (var i = 0; i < 3_000_000; i++)
            {
                await file.WriteLineAsync($"{i},placed");
            }
        }

        string[] load = ["load", "csv", "orders", "big.csv", "--root", Temp.Path, "--untyped", "--warehouse", "postgres:" + server.ConnectionString];
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { WorkbenchCommand.Cli }.Concat(load))
        {
            start.ArgumentList.Add(argument);
        }

        using var running = Process.Start(start)!;
        var output = running.StandardOutput.ReadToEndAsync();
        var seen = new List<string>();
        while (await running.StandardError.ReadLineAsync() is { } line)
        {
            seen.Add(line);
            if (line.Contains("rows (", StringComparison.Ordinal))
            {
                break; // progress (on stderr): rows are streaming into the server
            }
        }

        await server.StopImmediatelyAsync();
        var errors = running.StandardError.ReadToEndAsync();
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            await running.WaitForExitAsync(patience.Token);
        }

        var error = await errors;
        Assert.True(running.ExitCode == 3, $"exit {running.ExitCode}: {string.Join("\n", seen)}\n{error}\n{await output}");
        Assert.Contains("failed while big.csv was being loaded into raw.orders (batch 1)", error, StringComparison.Ordinal);
        Assert.Contains("Nothing of this batch was written", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace without WORKBENCH_VERBOSE

        await server.StartAgainAsync();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'raw' AND tablename = 'orders'", connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!); // the table was created in the batch's transaction, so it is gone with it
        }

        var again = await WorkbenchCommand.RunAsync(Temp.Path, load);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("3,000,000 rows loaded", again.Output, StringComparison.Ordinal);
    }
}
