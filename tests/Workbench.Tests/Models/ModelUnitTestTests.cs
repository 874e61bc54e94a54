using Workbench.Contracts;
using Workbench.Models;
using Workbench.Models.Testing;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

public sealed class ModelUnitTestTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task TheProjectsUnitTests_PassOnTheEngine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var root = Repository.Root;
        var project = ModelProject.Load(root, "sql", ["raw", SeedLoader.Schema]);
        var contracts = ContractLinter.Lint([Path.Combine(root, "contracts")]).Contracts;
        var tests = ModelUnitTestParser.LoadFolder(root, Path.Combine(root, "sql", "unit"));

        var results = await new ModelUnitTestRunner(warehouse, project, contracts).RunAsync(tests);

        Assert.True(results.Count >= 3, "the sample project has unit tests under sql/unit");
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Empty(await warehouse.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema IN ('raw', 'staging', 'marts')").ContinueWith(t => t.Result.Rows));
    }

    private ModelProject Project(string sql)
    {
        Temp.File("sql/m/totals.sql", sql);
        return ModelProject.Load(Temp.Path, "sql", ["src"]);
    }

    [Fact]
    public async Task WrongExpectation_ReportsTheMissingAndTheUnexpectedRows()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var project = Project("SELECT customer_id, SUM(amount) AS total FROM src.orders GROUP BY customer_id");
        var unit = ModelUnitTestParser.Parse("sql/unit/t.yaml", """
            model: m.totals
            given:
              src.orders:
                - {customer_id: 1, amount: 10}
                - {customer_id: 1, amount: 5}
                - {customer_id: 2, amount: 1}
            expect:
              - {customer_id: 1, total: 15}
              - {customer_id: 2, total: 2}
            """);

        var result = Assert.Single(await new ModelUnitTestRunner(warehouse, project).RunAsync(unit));

        Assert.False(result.Passed);
        Assert.Equal(["{customer_id: 2, total: 2}"], result.Missing);
        Assert.Equal(["{customer_id: 2, total: 1}"], result.Unexpected);
        Assert.Contains("expected but missing: {customer_id: 2, total: 2}", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputTheTestDoesNotGive_IsAnError_NeverARealRead()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var project = Project("SELECT o.id FROM src.orders AS o JOIN src.customers AS c ON c.id = o.customer_id");
        var unit = ModelUnitTestParser.Parse("sql/unit/t.yaml", "model: m.totals\ngiven:\n  src.orders:\n    - {id: 1, customer_id: 1}\nexpect:\n  - {id: 1}\n");

        var result = Assert.Single(await new ModelUnitTestRunner(warehouse, project).RunAsync(unit));

        Assert.False(result.Passed);
        Assert.Contains("reads src.customers, which the test does not give", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task ModelWithItsOwnCtes_GetsTheFixturesAddedToThem(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var project = Project("-- a comment first\nWITH big AS (SELECT * FROM src.orders WHERE amount > 5)\nSELECT COUNT(*) AS n FROM big");
        var unit = ModelUnitTestParser.Parse("sql/unit/t.yaml", "model: m.totals\ngiven:\n  src.orders:\n    - {amount: 10}\n    - {amount: 1}\nexpect:\n  - {n: 1}\n");

        var result = Assert.Single(await new ModelUnitTestRunner(warehouse, project).RunAsync(unit));

        Assert.True(result.Passed, result.ToString());
    }
}
