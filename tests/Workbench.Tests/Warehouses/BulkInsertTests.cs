using System.Globalization;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Warehouses;

public sealed class BulkInsertTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task BulkInsert_EveryColumnType_RoundTripsExactly_IncludingEdgeValues(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA t");
        await warehouse.ExecuteAsync(
            "CREATE TABLE t.v (id INTEGER, big BIGINT, small SMALLINT, amount DECIMAL(18,4), ratio DOUBLE PRECISION, flag BOOLEAN, day DATE, ts TIMESTAMP, name VARCHAR(20), note TEXT)");
        decimal[] amounts = [0m, 1m, -1m, 0.0001m, -0.5m, 12345678.9012m, 10000m, 99999999999999.9999m, -100.01m];
        var rows = amounts.Select((a, i) => new object?[]
        {
            i, long.MaxValue - i, (short)(-i), a, i / 3d, i % 2 == 0, new DateOnly(1999 + i, 12, 31), new DateTime(2000, 1, 1).AddDays(-i).AddTicks(10 * 123456),
            "név " + i, i == 3 ? null : new string('x', i * 10_000),
        }).ToList();

        var count = await warehouse.BulkInsertAsync(new TableName("t", "v"), ["id", "big", "small", "amount", "ratio", "flag", "day", "ts", "name", "note"], rows);

        Assert.Equal(amounts.Length, count);
        var back = await warehouse.QueryAsync("SELECT id, big, small, amount, ratio, flag, day, ts, name, note FROM t.v ORDER BY id");
        for (var i = 0; i < amounts.Length; i++)
        {
            var row = back.Rows[i];
            Assert.Equal(long.MaxValue - i, Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
            Assert.Equal(-i, Convert.ToInt32(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(amounts[i], Convert.ToDecimal(row[3], CultureInfo.InvariantCulture));
            Assert.Equal(i / 3d, Convert.ToDouble(row[4], CultureInfo.InvariantCulture), 12);
            Assert.Equal(i % 2 == 0, row[5]);
            Assert.Equal(new DateOnly(1999 + i, 12, 31), row[6] is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(row[6], CultureInfo.InvariantCulture)));
            Assert.Equal(new DateTime(2000, 1, 1).AddDays(-i).AddTicks(10 * 123456), Convert.ToDateTime(row[7], CultureInfo.InvariantCulture));
            Assert.Equal("név " + i, row[8]);
            Assert.Equal(i == 3 ? null : new string('x', i * 10_000), row[9]);
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task BulkInsert_ANumberOfAnotherDotNetType_IsStoredAsTheColumnsType(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA t");
        await warehouse.ExecuteAsync("CREATE TABLE t.n (ratio DOUBLE PRECISION, big BIGINT, small INTEGER, amount DECIMAL(18,4))");

        await warehouse.BulkInsertAsync(new TableName("t", "n"), ["ratio", "big", "small", "amount"], [[0.625m, 7, 8L, 1.5d], [null, (short)2, 3, 2L]]);

        var back = await warehouse.QueryAsync("SELECT ratio, big, small, amount FROM t.n ORDER BY big DESC");
        Assert.Equal(0.625d, Convert.ToDouble(back.Rows[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(7L, Convert.ToInt64(back.Rows[0][1], CultureInfo.InvariantCulture));
        Assert.Equal(8, Convert.ToInt32(back.Rows[0][2], CultureInfo.InvariantCulture));
        Assert.Equal(1.5m, Convert.ToDecimal(back.Rows[0][3], CultureInfo.InvariantCulture));
        Assert.Null(back.Rows[1][0]);
        Assert.Equal(2m, Convert.ToDecimal(back.Rows[1][3], CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Describe_OneObject_AgreesWithTheCatalog_ForTablesAndViews(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA t");
        await warehouse.ExecuteAsync("CREATE TABLE t.orders (id BIGINT NOT NULL, code VARCHAR(10), amount DECIMAL(12,2), placed TIMESTAMP)");
        await warehouse.ExecuteAsync("CREATE VIEW t.big_orders AS SELECT id, amount FROM t.orders WHERE amount > 10");
        var catalog = await warehouse.ReadCatalogAsync(["t"]);

        foreach (var name in new[] { new TableName("t", "orders"), new TableName("t", "big_orders"), new TableName("T", "ORDERS") })
        {
            var described = await warehouse.DescribeAsync(name);
            var listed = catalog.Find(name);
            Assert.NotNull(described);
            Assert.Equal(listed!.Kind, described.Kind);
            Assert.Equal(listed.Columns, described.Columns);
        }

        Assert.Null(await warehouse.DescribeAsync(new TableName("t", "missing")));
        Assert.Null(await warehouse.DescribeAsync(new TableName("nowhere", "orders")));
    }
}
