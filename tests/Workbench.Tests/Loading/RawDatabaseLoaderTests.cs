using System.Globalization;
using Npgsql;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

/// <summary>Extracts from a PostgreSQL source (needs the test server) and from DuckDB files, into both warehouses.</summary>
public sealed class RawDatabaseLoaderTests : TempDirectoryTest
{
    private static readonly DataContract Contract = ContractParser.Parse("contracts/raw/orders.odcs.yaml", """
        apiVersion: v3.1.0
        kind: DataContract
        id: raw.orders
        version: 1.0.0
        status: active
        schema:
          - name: orders
            physicalName: raw.orders
            properties:
              - name: id
                logicalType: integer
                required: true
              - name: updated_at
                logicalType: timestamp
              - name: amount
                logicalType: number
                physicalType: DECIMAL(10,2)
              - name: note
                logicalType: string
              - name: day
                logicalType: date
        """).Contract!;

    private async Task<(TestWarehouse Source, string ConnectionString)> PostgresSourceAsync()
    {
        var source = await Engines.CreateAsync("postgres", Temp);
        var connectionString = source.Options.Location;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders (id BIGINT, updated_at TIMESTAMP, amount NUMERIC(10,2), note TEXT, day DATE);
            INSERT INTO shop.orders VALUES
              (1, '2024-01-01 10:00', 10.50, 'a', '2024-01-01'),
              (2, '2024-01-02 10:00', 20.00, NULL, '2024-01-02'),
              (3, '2024-01-03 10:00', 30.25, 'c, with comma', NULL);
            CREATE TABLE shop.switch (broken BOOLEAN);
            INSERT INTO shop.switch VALUES (false);
            CREATE VIEW shop.fragile AS
              SELECT o.* FROM shop.orders AS o
              WHERE (CASE WHEN o.id = 3 AND (SELECT broken FROM shop.switch) THEN 1 / (o.id - 3) ELSE 1 END) = 1;
            """,
            connection);
        await command.ExecuteNonQueryAsync();
        return (source, connectionString);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [PostgresTheory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_PostgresSourceIncrementally_LoadsOnlyNewRows_AndKeepsTheCursorInTheWarehouse(string engine)
    {
        var (source, connectionString) = await PostgresSourceAsync();
        await using var _ = source;
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var loader = new RawDatabaseLoader(warehouse, new RawLoadOptions(Temp.Path), [Contract]);
        var extract = new DatabaseExtract { Table = "shop.orders", Cursor = "updated_at" };

        var first = await loader.LoadPostgresAsync("orders", connectionString, extract);
        await ExecuteAsync(connectionString, "INSERT INTO shop.orders VALUES (4, '2024-01-04 10:00', 1, 'd', NULL), (5, '2024-01-05 10:00', 2, 'e', NULL)");
        var second = await loader.LoadPostgresAsync("orders", connectionString, extract);
        var third = await loader.LoadPostgresAsync("orders", connectionString, extract);

        Assert.Equal((3L, 2L, 0L), (first.RowsLoaded, second.RowsLoaded, third.RowsLoaded));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await warehouse.QueryAsync("SELECT id FROM raw.orders ORDER BY id")).Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal("2024-01-05 10:00:00.000000", await warehouse.ScalarAsync<string>("SELECT cursor_value FROM raw._state"));
        Assert.Equal(30.25m, Convert.ToDecimal(await warehouse.ScalarAsync<object>("SELECT amount FROM raw.orders WHERE id = 3"), CultureInfo.InvariantCulture));
        Assert.StartsWith("postgresql://", first.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", first.Source, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresTheory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_PostgresExtractThatFailsMidway_LeavesNothing_AndTheRerunLoadsEveryRowOnce(string engine)
    {
        var (source, connectionString) = await PostgresSourceAsync();
        await using var _ = source;
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var loader = new RawDatabaseLoader(warehouse, new RawLoadOptions(Temp.Path), [Contract]);
        var extract = new DatabaseExtract { Table = "shop.fragile", Snapshot = "2024-12-31" }; // no ORDER BY: rows 1 and 2 stream before row 3 fails
        await ExecuteAsync(connectionString, "UPDATE shop.switch SET broken = true");

        await Assert.ThrowsAnyAsync<Exception>(() => loader.LoadPostgresAsync("orders", connectionString, extract));
        var afterFailure = await warehouse.TableExistsAsync(new("raw", "orders")) ? await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders") : 0;
        var stateAfterFailure = await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._state");
        await ExecuteAsync(connectionString, "UPDATE shop.switch SET broken = false");
        var rerun = await loader.LoadPostgresAsync("orders", connectionString, extract);

        Assert.Equal((0L, 0L), (afterFailure, stateAfterFailure));
        Assert.Equal(3, rerun.RowsLoaded);
        Assert.Equal(3L, await warehouse.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM raw.orders"));
        Assert.Equal(3L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_TableFromAnotherDuckDbFile_SameSnapshotTwice_IsSkipped(string engine)
    {
        var file = Path.Combine(Temp.Path, "shop.duckdb");
        await using (var shop = await Workbench.Warehouse.WarehouseConnection.OpenAsync(new Workbench.Warehouse.WarehouseOptions(Workbench.Warehouse.WarehouseEngine.DuckDb, file)))
        {
            await shop.ExecuteAsync("CREATE TABLE orders (id BIGINT, updated_at TIMESTAMP, amount DECIMAL(10,2), note VARCHAR, day DATE)");
            await shop.ExecuteAsync("INSERT INTO orders VALUES (1, TIMESTAMP '2024-01-01 10:00:00', 1.5, 'x', DATE '2024-01-01'), (2, NULL, NULL, NULL, NULL)");
        }

        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var loader = new RawDatabaseLoader(warehouse, new RawLoadOptions(Temp.Path), [Contract]);
        var extract = new DatabaseExtract { Table = "orders", Snapshot = "2024-12-31" };

        var first = await loader.LoadDuckDbAsync("orders", file, extract);
        var again = await loader.LoadDuckDbAsync("orders", file, extract);

        Assert.Equal(2, first.RowsLoaded);
        Assert.Equal(RawBatchStatus.Skipped, again.Status);
        Assert.Equal("duckdb:shop.duckdb/orders", first.Source);
        Assert.Equal(1.5m, Convert.ToDecimal(await warehouse.ScalarAsync<object>("SELECT amount FROM raw.orders WHERE id = 1"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Load_CursorColumnTheSourceDoesNotHave_SaysWhichColumnsItHas()
    {
        var file = Path.Combine(Temp.Path, "shop.duckdb");
        await using (var shop = await Workbench.Warehouse.WarehouseConnection.OpenAsync(new Workbench.Warehouse.WarehouseOptions(Workbench.Warehouse.WarehouseEngine.DuckDb, file)))
        {
            await shop.ExecuteAsync("CREATE TABLE orders (id BIGINT)");
        }

        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var loader = new RawDatabaseLoader(warehouse, new RawLoadOptions(Temp.Path), [Contract]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => loader.LoadDuckDbAsync("orders", file, new DatabaseExtract { Table = "orders", Cursor = "changed_at" }));

        Assert.Contains("changed_at", error.Message, StringComparison.Ordinal);
    }
}
