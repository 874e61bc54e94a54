using Npgsql;
using Workbench.Warehouse;

namespace Workbench.Tests.Support;

/// <summary>
/// The warehouses every engine test runs on. DuckDB always; PostgreSQL when WORKBENCH_TEST_POSTGRES holds an admin
/// connection string, and always on CI (CI=true), where a missing server fails the test instead of hiding it.
/// </summary>
public static class Engines
{
    /// <summary>Whether the PostgreSQL test server is there (always on CI, where its absence must fail tests, not skip them).</summary>
    public static bool HasPostgres => PostgresAdmin is not null || IsCi;

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { "duckdb" };
            if (HasPostgres)
            {
                data.Add("postgres");
            }

            return data;
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? PostgresAdmin => Environment.GetEnvironmentVariable("WORKBENCH_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>A new, empty warehouse of the engine: a fresh DuckDB file, or a fresh PostgreSQL database.</summary>
    public static async Task<TestWarehouse> CreateAsync(string engine, TempDirectory temp)
    {
        if (engine == "duckdb")
        {
            var options = new WarehouseOptions(WarehouseEngine.DuckDb, Path.Combine(temp.Path, "test.duckdb"));
            return new TestWarehouse(options, null);
        }

        var admin = PostgresAdmin ?? throw new InvalidOperationException(
            "CI=true but WORKBENCH_TEST_POSTGRES is not set: .ci/run starts a PostgreSQL server and sets it; run the tests through it.");
        var database = "wb_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false };
        return new TestWarehouse(new WarehouseOptions(WarehouseEngine.Postgres, builder.ConnectionString), (admin, database));
    }
}

/// <summary>A throwaway warehouse; a PostgreSQL database is dropped on dispose.</summary>
public sealed class TestWarehouse(WarehouseOptions options, (string Admin, string Database)? postgres) : IAsyncDisposable
{
    public WarehouseOptions Options { get; } = options;

    public Task<WarehouseConnection> OpenAsync() => WarehouseConnection.OpenAsync(Options);

    public async ValueTask DisposeAsync()
    {
        if (postgres is { } pg)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(pg.Admin);
            await connection.OpenAsync();
            // The test's database and those of other environments beside it (DATABASE_qa, DATABASE_sandbox).
            var databases = new List<string>();
            await using (var list = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname = '{pg.Database}' OR datname LIKE '{pg.Database}\\_%'", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    databases.Add(reader.GetString(0));
                }
            }

            foreach (var database in databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }
}
