using Workbench.Errors;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

/// <summary>Bare names, as dbt's ref('x') becomes when a dbt project moves here.</summary>
public sealed class ModelReferenceTests : TempDirectoryTest
{
    private static readonly string[] Known = ["raw.orders", "seeds.countries"];

    [Fact]
    public void Load_BareNames_ResolveToTheOneModelSeedOrRawTable_AndRunQualified()
    {
        Temp.File("sql/staging/stg_orders.sql", "SELECT * FROM orders");
        Temp.File("sql/marts/fct.sql", "WITH recent AS (SELECT * FROM stg_orders)\nSELECT r.*, c.name, stg_orders.order_id\nFROM recent AS r JOIN countries c ON true JOIN stg_orders ON true");

        var project = ModelProject.Load(Temp.Path, "sql", ["raw", "seeds"], knownSources: Known);

        var staging = project.Models[new ModelId("staging", "stg_orders")];
        var fct = project.Models[new ModelId("marts", "fct")];
        Assert.Equal(["raw.orders"], staging.Sources);
        Assert.Equal("SELECT * FROM \"raw\".\"orders\" AS orders", staging.Sql);
        Assert.Equal(["staging.stg_orders"], fct.DependsOn.Select(d => d.ToString()));
        Assert.Equal(["seeds.countries"], fct.Sources);
        Assert.Contains("JOIN \"seeds\".\"countries\" c ON true JOIN \"staging\".\"stg_orders\" AS stg_orders ON true", fct.Sql, StringComparison.Ordinal);
        Assert.Contains("WITH recent AS (SELECT * FROM \"staging\".\"stg_orders\" AS stg_orders)", fct.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnAmbiguousBareName_IsAnErrorWithFileLineAndTheCandidates()
    {
        Temp.File("sql/marts/orders.sql", "SELECT 1 AS id");
        Temp.File("sql/marts/report.sql", "SELECT *\nFROM orders");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw", "seeds"], knownSources: Known));

        Assert.Equal(("sql/marts/report.sql", 2, 6), (error.Path, error.Line, error.Column));
        Assert.Contains("'orders' is ambiguous: it could be marts.orders or raw.orders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnUnknownBareName_IsAnErrorWithTheClosestName_BeforeAnythingRuns()
    {
        Temp.File("sql/staging/stg_orders.sql", "SELECT * FROM orders");
        Temp.File("sql/marts/fct.sql", "SELECT * FROM stg_order");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw", "seeds"], knownSources: Known));

        Assert.Equal("sql/marts/fct.sql", error.Path);
        Assert.Contains("'stg_order' is not a model, seed or source table of this project. Did you mean 'stg_orders'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_ModelsWrittenWithBareNames_BuildOnTheEngine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA raw; CREATE TABLE raw.orders (order_id INTEGER, amount INTEGER); INSERT INTO raw.orders VALUES (1, 10), (2, 5)");
        Temp.File("sql/staging/stg_orders.sql", "SELECT order_id, amount FROM orders");
        Temp.File("sql/marts/total.sql", "SELECT SUM(stg_orders.amount) AS total FROM stg_orders");

        var summary = await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"], warehouse.Dialect, ["raw.orders"]));

        Assert.True(summary.Succeeded, summary.ToString());
        Assert.Equal(15L, await warehouse.ScalarAsync<long>("SELECT total FROM marts.total"));
    }
}
