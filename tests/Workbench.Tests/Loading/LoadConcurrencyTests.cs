using Workbench.Loading;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

/// <summary>Loads that meet on one PostgreSQL database, and loads that were killed before.</summary>
public sealed class LoadConcurrencyTests : TempDirectoryTest
{
    [PostgresTheory]
    [InlineData("postgres")]
    public async Task Load_WhileAnotherLoadIntoTheSchemaRuns_WaitsSayingForWhom_ThenLoads(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var running = await test.OpenAsync();
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/orders.csv", "order_id,status\n1,shipped\n2,placed\n");
        var said = new List<string>();
        var waiting = new TaskCompletionSource();
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")) { Log = line => { said.Add(line); waiting.TrySetResult(); } });

        var lease = await running.TryLockAsync("workbench load raw"); // as a load into raw holds it while its batch commits
        Assert.NotNull(lease);
        var load = loader.LoadFileAsync("orders", "orders.csv");
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(load.IsCompleted);
        await lease.DisposeAsync();
        var result = await load.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RawBatchStatus.Loaded, result.Status);
        var note = Assert.Single(said);
        Assert.Contains("another load into raw is running", note, StringComparison.Ordinal);
        Assert.Contains("server process", note, StringComparison.Ordinal);
    }

    [PostgresTheory]
    [InlineData("postgres")]
    public async Task Load_TwoAtOnceIntoOneTable_BothLoad_WithTheirOwnBatchIds(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var first = await test.OpenAsync();
        await using var second = await test.OpenAsync();
        Temp.File("data/a.csv", "order_id,status\n1,placed\n");
        foreach (var name in new[] { "b", "c" })
        {
            Temp.File($"data/{name}.csv", "order_id,status\n" + string.Join("\n", Enumerable.Range(name == "b" ? 1 : 50_001, 50_000).Select(i => $"{i},placed")) + "\n");
        }

        var options = new RawLoadOptions(Path.Combine(Temp.Path, "data"));
        await new RawCsvLoader(first, options).LoadFileAsync("orders", "a.csv"); // the table and control tables exist before the race

        var results = await Task.WhenAll(new RawCsvLoader(first, options).LoadFileAsync("orders", "b.csv"), new RawCsvLoader(second, options).LoadFileAsync("orders", "c.csv"));

        Assert.All(results, r => Assert.Equal(RawBatchStatus.Loaded, r.Status));
        Assert.NotEqual(results[0].BatchId, results[1].BatchId);
        Assert.Equal(100_001L, await first.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_AfterAFirstLoadWasKilledMidFile_ItsStagedTableIsGone(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS raw");
        await warehouse.ExecuteAsync("CREATE TABLE raw._stage_orders_1 AS SELECT 1 AS order_id"); // what a killed first load of orders leaves
        Temp.File("data/customers.csv", "customer_id\n1\n");

        await new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"))).LoadFileAsync("customers", "customers.csv");

        Assert.Null(await warehouse.DescribeAsync(new Workbench.Warehouse.TableName("raw", "_stage_orders_1")));
    }
}
