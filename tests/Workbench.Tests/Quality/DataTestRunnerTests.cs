using Workbench.Errors;
using Workbench.Quality;
using Workbench.Tests.Support;

namespace Workbench.Tests.Quality;

public sealed class DataTestRunnerTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_ReportsOffendingRowsWithASample_AndOnlyErrorsFailTheGate(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE TABLE orders AS SELECT * FROM (VALUES (1, 5), (2, -1), (3, -7)) AS v(id, qty)");
        Temp.File("sql/tests/positive_qty.sql", "-- severity: error\nSELECT id, qty FROM orders WHERE qty <= 0 ORDER BY id");
        Temp.File("sql/tests/small_orders.sql", "-- severity: warning\nSELECT id FROM orders WHERE qty < 10");
        Temp.File("sql/tests/passes.sql", "SELECT id FROM orders WHERE id > 100");
        var tests = DataTestSuite.Load(Temp.Path, "sql/tests");

        var results = await new DataTestRunner(warehouse).RunAsync(tests);

        var byName = results.ToDictionary(r => r.Test.Name);
        Assert.Equal(2, byName["positive_qty"].FailingRows);
        Assert.Equal(-1, Convert.ToInt64(byName["positive_qty"].Sample.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, byName["small_orders"].FailingRows);
        Assert.True(byName["passes"].Passed);
        var gate = Assert.Throws<DataTestsFailedException>(() => DataTestRunner.EnsureGatePassed(results));
        Assert.Equal(["positive_qty"], gate.Failures.Select(f => f.Test.Name));
        Assert.Contains("sql/tests/positive_qty.sql", gate.Message, StringComparison.Ordinal);
        Assert.Contains("-7", gate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CheckWithBrokenSql_IsAFailureThatSaysSo()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/tests/broken.sql", "-- severity: warning\nSELECT * FROM missing_table");

        var results = await new DataTestRunner(warehouse).RunAsync(DataTestSuite.Load(Temp.Path, "sql/tests"));

        Assert.False(results[0].Passed);
        Assert.Contains("missing_table", results[0].Error, StringComparison.Ordinal);
        Assert.Throws<DataTestsFailedException>(() => DataTestRunner.EnsureGatePassed(results));
    }
}
