using Workbench.Errors;
using Workbench.Graph;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

public sealed class ModelProjectTests : TempDirectoryTest
{
    [Fact]
    public void Load_FindsDependenciesInTheSql_IgnoringStringsCommentsAndAliases()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT * FROM raw.a");
        Temp.File("sql/staging/stg_b.sql", "-- reads staging.stg_c? no, that is a comment\nSELECT 'staging.stg_c' AS s, x.id FROM \"staging\".\"stg_a\" AS x /* staging.stg_c */");
        Temp.File("sql/marts/m.sql", "-- materialized: view\nWITH t AS (SELECT * FROM staging.stg_b) SELECT * FROM t JOIN staging.stg_a a ON a.id = t.id");

        var project = ModelProject.Load(Temp.Path, "sql", ["raw"]);

        Assert.Equal(["staging.stg_a"], project.Models[new ModelId("staging", "stg_b")].DependsOn.Select(d => d.ToString()));
        Assert.Equal(["staging.stg_a", "staging.stg_b"], project.Models[new ModelId("marts", "m")].DependsOn.Select(d => d.ToString()));
        Assert.Equal(["raw.a"], project.Models[new ModelId("staging", "stg_a")].Sources);
        Assert.Equal(Materialization.View, project.Models[new ModelId("marts", "m")].Materialization);
        var order = project.InBuildOrder().Select(m => m.Id.ToString()).ToList();
        Assert.True(order.IndexOf("staging.stg_a") < order.IndexOf("staging.stg_b"));
        Assert.True(order.IndexOf("staging.stg_b") < order.IndexOf("marts.m"));
    }

    [Fact]
    public void Load_FindsDependenciesInSubqueriesWhateverTheCaseOrSpacing_AndNotInEscapedStrings()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id");
        Temp.File("sql/staging/stg_b.sql", "SELECT 2 AS id");
        Temp.File("sql/staging/stg_c.sql", "SELECT 3 AS id");
        Temp.File("sql/marts/m.sql",
            "SELECT * FROM (SELECT id FROM Staging.STG_A) AS sub\n" +
            "WHERE id IN (SELECT id FROM staging . stg_b)\n" +
            "AND 'it''s staging.stg_c' <> ''");

        var project = ModelProject.Load(Temp.Path, "sql", ["raw"]);

        Assert.Equal(["staging.stg_a", "staging.stg_b"], project.Models[new ModelId("marts", "m")].DependsOn.Select(d => d.ToString()));
    }

    [Fact]
    public void Load_Cycle_IsAnErrorThatPrintsThePath()
    {
        Temp.File("sql/s/a.sql", "SELECT * FROM s.b");
        Temp.File("sql/s/b.sql", "SELECT * FROM s.c");
        Temp.File("sql/s/c.sql", "SELECT * FROM s.a");

        var error = Assert.Throws<GraphCycleException>(() => ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal(["s.a", "s.b", "s.c", "s.a"], error.Path);
        Assert.Contains("s.a -> s.b -> s.c -> s.a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReferenceToAMissingModel_NamesFileLineAndTheModelsThatExist()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id");
        Temp.File("sql/marts/m.sql", "-- materialized: table\nSELECT *\nFROM staging.stg_typo");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal("sql/marts/m.sql", error.Path);
        Assert.Equal(3, error.Line);
        Assert.Contains("'staging.stg_typo' is not a model", error.Message, StringComparison.Ordinal);
        Assert.Contains("staging.stg_a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownHeaderSetting_ListsTheAllowedOnes()
    {
        Temp.File("sql/s/a.sql", "-- materialised: table\nSELECT 1");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal(1, error.Line);
        Assert.Contains("unknown setting 'materialised'", error.Message, StringComparison.Ordinal);
        Assert.Contains("materialized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EngineSpecificFile_ReplacesThePortableOneOnThatEngineOnly()
    {
        Temp.File("sql/m/days.sql", "SELECT 'portable' AS flavour");
        Temp.File("sql/m/days.postgres.sql", "SELECT 'postgres' AS flavour");

        var onPostgres = ModelProject.Load(Temp.Path, "sql", ["raw"], Workbench.Warehouse.PostgresDialect.Instance);
        var onDuckDb = ModelProject.Load(Temp.Path, "sql", ["raw"], Workbench.Warehouse.DuckDbDialect.Instance);
        var anywhere = ModelProject.Load(Temp.Path, "sql", ["raw"]);

        Assert.Equal("SELECT 'postgres' AS flavour", Assert.Single(onPostgres.Models.Values).Sql);
        Assert.Equal("sql/m/days.postgres.sql", onPostgres.Models.Values.Single().Path);
        Assert.Equal("SELECT 'portable' AS flavour", Assert.Single(onDuckDb.Models.Values).Sql);
        Assert.Equal("m.days", Assert.Single(anywhere.Models.Keys).ToString());
    }

    [Fact]
    public void Load_ReferenceToASourceNoContractDescribes_IsAnErrorWithTheClosestName()
    {
        Temp.File("sql/staging/stg_orders.sql", "SELECT *\nFROM raw.ordres");

        var error = Assert.Throws<Workbench.Errors.SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw"], knownSources: ["raw.orders", "raw.customers"]));

        Assert.Contains("sql/staging/stg_orders.sql:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'raw.orders'?", error.Message, StringComparison.Ordinal);
    }
}
