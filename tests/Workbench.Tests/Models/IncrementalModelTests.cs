using System.Globalization;
using Workbench.Errors;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

/// <summary>Incremental models (merge on a key, append past a watermark) and snapshots (type 2 history), on both engines.</summary>
public sealed class IncrementalModelTests : TempDirectoryTest
{
    private async Task<ModelRunResult> RunAsync(Workbench.Warehouse.WarehouseConnection warehouse, bool fullRefresh = false, DateTime? at = null) =>
        (await new ModelRunner(warehouse) { FullRefresh = fullRefresh, SnapshotTime = at }.RunAsync(ModelProject.Load(Temp.Path, "sql", ["src"]))).Results.Single();

    private static async Task<List<string>> RowsAsync(Workbench.Warehouse.WarehouseConnection warehouse, string sql) =>
        (await warehouse.QueryAsync(sql)).Rows.Select(r => string.Join("|", r.Select(v => v switch
        {
            null => "null",
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }))).ToList();

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Incremental_WithAUniqueKey_MergesChangedAndNewRows_AndFullRefreshRebuilds(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.orders (id INTEGER, status VARCHAR(10)); INSERT INTO src.orders VALUES (1, 'placed'), (2, 'placed')");
        Temp.File("sql/m/orders.sql", "-- materialized: incremental\n-- unique_key: id\nSELECT id, status FROM src.orders");
        await RunAsync(warehouse);
        await warehouse.ExecuteAsync("UPDATE src.orders SET status = 'shipped' WHERE id = 2; INSERT INTO src.orders VALUES (3, 'placed')");
        await warehouse.ExecuteAsync("INSERT INTO m.orders VALUES (99, 'kept')"); // a row only the table has survives a merge

        var merged = await RunAsync(warehouse);

        Assert.Equal(ModelStatus.Succeeded, merged.Status);
        Assert.Equal(3, merged.Rows);
        Assert.Equal(["1|placed", "2|shipped", "3|placed", "99|kept"], await RowsAsync(warehouse, "SELECT id, status FROM m.orders ORDER BY id"));
        var rebuilt = await RunAsync(warehouse, fullRefresh: true);
        Assert.Equal(3, rebuilt.Rows);
        Assert.Equal(["1|placed", "2|shipped", "3|placed"], await RowsAsync(warehouse, "SELECT id, status FROM m.orders ORDER BY id"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Incremental_WithAWatermark_AppendsOnlyRowsPastTheLargestValue(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.events (id INTEGER, happened_on DATE); INSERT INTO src.events VALUES (1, DATE '2024-01-01'), (2, DATE '2024-01-02')");
        Temp.File("sql/m/events.sql", "-- materialized: incremental\n-- watermark: happened_on\nSELECT id, happened_on FROM src.events");
        await RunAsync(warehouse);
        await warehouse.ExecuteAsync("INSERT INTO src.events VALUES (3, DATE '2024-01-03'), (0, DATE '2023-12-31')");

        var appended = await RunAsync(warehouse);

        Assert.Equal(1, appended.Rows); // 0 is older than the watermark: left out, as the strategy says
        Assert.Equal(["1", "2", "3"], await RowsAsync(warehouse, "SELECT id FROM m.events ORDER BY id"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Incremental_WhoseColumnsChanged_FailsAskingForAFullRefresh_AndKeepsTheTable(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.orders (id INTEGER, status VARCHAR(10)); INSERT INTO src.orders VALUES (1, 'placed')");
        var model = Temp.File("sql/m/orders.sql", "-- materialized: incremental\n-- unique_key: id\nSELECT id, status FROM src.orders");
        await RunAsync(warehouse);
        File.WriteAllText(model, "-- materialized: incremental\n-- unique_key: id\nSELECT id, status, 1 AS priority FROM src.orders");

        var changed = await RunAsync(warehouse);
        var refreshed = await RunAsync(warehouse, fullRefresh: true);

        Assert.Equal(ModelStatus.Failed, changed.Status);
        Assert.Contains("--full-refresh", changed.Error, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Succeeded, refreshed.Status);
        Assert.Contains("priority", await warehouse.GetColumnsAsync(new("m", "orders")));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Snapshot_AcrossRuns_KeepsHistoryOfChanges_ClosesDeletes_AndReopensReturningRows(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.prices (product_id INTEGER, price DECIMAL(10,2)); INSERT INTO src.prices VALUES (1, 10), (2, 20), (3, 30)");
        Temp.File("sql/m/price_history.sql", "-- materialized: snapshot\n-- unique_key: product_id\nSELECT product_id, price FROM src.prices");
        await RunAsync(warehouse, at: new DateTime(2024, 1, 1));
        await warehouse.ExecuteAsync("UPDATE src.prices SET price = 11 WHERE product_id = 1; DELETE FROM src.prices WHERE product_id = 2");
        var second = await RunAsync(warehouse, at: new DateTime(2024, 2, 1));
        await warehouse.ExecuteAsync("INSERT INTO src.prices VALUES (2, 25)");
        var third = await RunAsync(warehouse, at: new DateTime(2024, 3, 1));
        var unchanged = await RunAsync(warehouse, at: new DateTime(2024, 4, 1));

        Assert.Equal((3L, 1L, 0L), (second.Rows!.Value, third.Rows!.Value, unchanged.Rows!.Value)); // closes + new versions per run
        Assert.Equal(
            [
                "1|10.00|2024-01-01|2024-02-01|False",
                "1|11.00|2024-02-01|null|True",
                "2|20.00|2024-01-01|2024-02-01|False",
                "2|25.00|2024-03-01|null|True",
                "3|30.00|2024-01-01|null|True",
            ],
            await RowsAsync(warehouse, "SELECT product_id, CAST(price AS DECIMAL(10,2)), valid_from, valid_to, is_current FROM m.price_history ORDER BY product_id, valid_from"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Snapshot_BuiltAgainAtTheSameMomentWithCorrectedData_IsAsIfOnlyTheCorrectedBuildRan(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.prices (product_id INTEGER, price DECIMAL(10,2)); INSERT INTO src.prices VALUES (1, 10), (2, 20), (3, 30)");
        Temp.File("sql/m/price_history.sql", "-- materialized: snapshot\n-- unique_key: product_id\nSELECT product_id, price FROM src.prices");
        await RunAsync(warehouse, at: new DateTime(2024, 1, 1));
        await warehouse.ExecuteAsync("UPDATE src.prices SET price = 11 WHERE product_id = 1; UPDATE src.prices SET price = 31 WHERE product_id = 3");
        await RunAsync(warehouse, at: new DateTime(2024, 2, 1));
        // The same run date again, after the source was corrected: what 2024-02-01 saw is replaced, 2024-01-01's kept,
        // and a change that the correction takes back leaves no trace (product 3 has one version again).
        await warehouse.ExecuteAsync("UPDATE src.prices SET price = 12 WHERE product_id = 1; DELETE FROM src.prices WHERE product_id = 2; UPDATE src.prices SET price = 30 WHERE product_id = 3");

        var again = await RunAsync(warehouse, at: new DateTime(2024, 2, 1));

        Assert.Equal(ModelStatus.Succeeded, again.Status);
        Assert.Equal(
            [
                "1|10.00|2024-01-01|2024-02-01|False",
                "1|12.00|2024-02-01|null|True",
                "2|20.00|2024-01-01|2024-02-01|False",
                "3|30.00|2024-01-01|null|True",
            ],
            await RowsAsync(warehouse, "SELECT product_id, CAST(price AS DECIMAL(10,2)), valid_from, valid_to, is_current FROM m.price_history ORDER BY product_id, valid_from"));
    }

    [Fact]
    public void Load_IncrementalWithoutKeyOrWatermark_IsAnErrorSayingWhatToAdd()
    {
        Temp.File("sql/m/x.sql", "-- materialized: incremental\nSELECT 1 AS id");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["src"]));

        Assert.Contains("unique_key", error.Message, StringComparison.Ordinal);
        Assert.Contains("watermark", error.Message, StringComparison.Ordinal);
    }
}
