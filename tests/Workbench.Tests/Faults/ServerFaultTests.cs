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
        using var running = RunningCommand.Start(Temp.Path, null, load);
        await running.WaitForLineAsync(l => l.Contains("rows (", StringComparison.Ordinal), TimeSpan.FromSeconds(120)); // progress: rows are streaming into the server
        await server.StopImmediatelyAsync();
        var (exitCode, output, error) = await running.ExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 3, $"exit {exitCode}: {output}\n{error}");
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

    [Fact]
    public async Task Build_ServerStoppedMidModel_ExitsAsAnInfrastructureFailure_NamingTheModel_RecordsIt_AndTheNextBuildPublishes()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        var project = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", project)).ExitCode);
        var warehouse = "postgres:" + server.ConnectionString;
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(project, "load", "--warehouse", warehouse)).ExitCode);
        var first = await WorkbenchCommand.RunAsync(project, "build", "--warehouse", warehouse);
        Assert.True(first.ExitCode == 0, first.Error);
        var published = await QueryAsync(server, "SELECT string_agg(customer_id || ':' || revenue, ',' ORDER BY customer_id) FROM marts.customer_orders");
        var slow = Path.Combine(project, "sql", "marts", "slow_report.sql");
        await File.WriteAllTextAsync(slow, "SELECT o.order_id FROM stg_orders AS o CROSS JOIN (SELECT pg_sleep(120)) AS pause\n");

        using var build = RunningCommand.Start(project, null, "build", "--warehouse", warehouse);
        await WaitUntilAsync(async () => await QueryAsync(server, "SELECT COUNT(*)::text FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()") != "0");
        await server.StopImmediatelyAsync();
        var (exitCode, output, error) = await build.ExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 3, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains($"The warehouse postgresql://127.0.0.1:{server.Port}/postgres failed while marts.slow_report (sql/marts/slow_report.sql) was being built: ", error, StringComparison.Ordinal);
        Assert.Matches("57P0[0-9] |the server closed the connection", error);
        Assert.Contains("Nothing of this build was published", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        var results = await File.ReadAllTextAsync(Path.Combine(project, "artifacts", "run_results.json"));
        Assert.Contains("\"marts.slow_report\"", results, StringComparison.Ordinal);
        Assert.Contains("\"failed\"", results, StringComparison.Ordinal);

        await server.StartAgainAsync();
        Assert.Equal(published, await QueryAsync(server, "SELECT string_agg(customer_id || ':' || revenue, ',' ORDER BY customer_id) FROM marts.customer_orders"));
        File.Delete(slow);
        var again = await WorkbenchCommand.RunAsync(project, "build", "--warehouse", warehouse);
        Assert.True(again.ExitCode == 0, again.Error);
    }

    [Fact]
    public async Task Load_WhileTheServerIsDown_RetriesTheConnection_SayingSo_AndLoadsOnceItIsUp()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        await server.StopImmediatelyAsync();
        Temp.File("workbench.yaml", "name: retry\n");
        Temp.File("orders.csv", "order_id,status\n1,placed\n");
        var environment = new Dictionary<string, string> { ["WORKBENCH_CONNECT_RETRIES"] = "12" }; // 0.5 s doubling to 5 s: about a minute in all

        using var load = RunningCommand.Start(Temp.Path, environment, "load", "csv", "orders", "orders.csv", "--root", Temp.Path, "--untyped", "--warehouse", "postgres:" + server.ConnectionString);
        var retrying = await load.WaitForLineAsync(l => l.Contains("retry 1 of 12", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await server.StartAgainAsync();
        var (exitCode, output, error) = await load.ExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.StartsWith($"note: the warehouse postgresql://127.0.0.1:{server.Port}/postgres not reachable (", retrying, StringComparison.Ordinal);
        Assert.Contains("1 rows loaded", output, StringComparison.Ordinal);
    }

    private static async Task<string?> QueryAsync(ThrowawayPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the command never got there");
            await Task.Delay(100);
        }
    }
}
