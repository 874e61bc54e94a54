using Npgsql;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Warehouses;

public sealed class EnvironmentTests : TempDirectoryTest
{
    [PostgresTheory]
    [InlineData("qa")]
    [InlineData("prod")]
    public async Task ForEnvironment_OnPostgres_UsesItsOwnDatabase_CreatedOnFirstUse_AndDevUsesTheOneGiven(string environment)
    {
        await using var test = await Engines.CreateAsync("postgres", Temp);
        var dev = test.Options.ForEnvironment("dev");
        var other = test.Options.ForEnvironment(environment);
        var database = new NpgsqlConnectionStringBuilder(other.Location).Database!;
        try
        {
            await using (var devWarehouse = await Workbench.Warehouse.WarehouseConnection.OpenAsync(dev))
            {
                await devWarehouse.ExecuteAsync("CREATE TABLE only_in_dev (id INTEGER)");
            }

            await using var opened = await Workbench.Warehouse.WarehouseConnection.OpenAsync(other);

            Assert.Equal(test.Options.Location, dev.Location);
            Assert.EndsWith("_" + environment, database, StringComparison.Ordinal);
            Assert.False(await opened.TableExistsAsync(new TableName("public", "only_in_dev")));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            var admin = new NpgsqlConnectionStringBuilder(test.Options.Location) { Database = "postgres" }.ConnectionString;
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void ForEnvironment_OnDuckDb_LeavesTheFileToTheCaller()
    {
        var options = new WarehouseOptions(WarehouseEngine.DuckDb, "w.duckdb");

        Assert.Same(options, options.ForEnvironment("qa"));
    }
}
