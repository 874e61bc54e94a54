using Workbench.Errors;
using Workbench.Models;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Models;

public sealed class ModelPlanTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Plan_SaysPerModelWhatWillBeDoneAndWhy_AndChangesNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/s/t.sql", "SELECT 1 AS id");
        Temp.File("sql/s/v.sql", "-- materialized: view\nSELECT id FROM s.t");
        Temp.File("sql/s/inc.sql", "-- materialized: incremental\n-- unique_key: id\nSELECT id FROM s.t");
        var project = ModelProject.Load(Temp.Path, "sql", ["raw"]);
        await new ModelRunner(warehouse).RunAsync(project, m => m.Id.Name is "t" or "inc");
        var before = (await warehouse.ReadCatalogAsync(["s"])).Objects.Select(o => o.Name.ToString()).Order().ToList();

        var plan = await new ModelRunner(warehouse).PlanAsync(project);

        Assert.Equal(ModelAction.Replace, plan[new ModelId("s", "t")].Action);
        Assert.Contains("rebuilt beside the table and swapped in", plan[new ModelId("s", "t")].Reason, StringComparison.Ordinal);
        Assert.Equal(ModelAction.Create, plan[new ModelId("s", "v")].Action);
        Assert.Equal(ModelAction.Update, plan[new ModelId("s", "inc")].Action);
        Assert.Contains("merges rows on (id)", plan[new ModelId("s", "inc")].Reason, StringComparison.Ordinal);
        var text = plan.ToText(sql: true);
        Assert.Contains("CREATE TABLE \"s\".\"t__wb_new\" AS", text, StringComparison.Ordinal);
        Assert.Contains("3 model(s): 1 to create, 1 to replace, 1 to update in place. Nothing was run.", text, StringComparison.Ordinal);
        Assert.Equal(before, (await warehouse.ReadCatalogAsync(["s"])).Objects.Select(o => o.Name.ToString()).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_AModelThatIsMoreThanOneQuery_IsRefusedWithItsLine_AndNothingRuns(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA raw; CREATE TABLE raw.orders (id INTEGER); INSERT INTO raw.orders VALUES (1); CREATE TABLE raw.payments (id INTEGER)");
        Temp.File("sql/s/ok.sql", "SELECT * FROM raw.orders");
        Temp.File("sql/s/sneaky.sql", "-- materialized: view\nSELECT 1 AS x;\nDROP TABLE raw.payments");

        var error = Assert.Throws<SqlFileException>(() => ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal(("sql/s/sneaky.sql", 3, 1), (error.Path, error.Line, error.Column));
        Assert.Contains("a second statement starts here: `DROP TABLE raw.payments`", error.Message, StringComparison.Ordinal);
        Assert.True(await warehouse.TableExistsAsync(new TableName("raw", "payments")));
        Assert.False(await warehouse.TableExistsAsync(new TableName("s", "ok")));
    }

    [Fact]
    public async Task DryRun_FromTheCommandLine_PrintsThePlanWithItsSql_AndCreatesNoWarehouse()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id");

        var run = await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--dry-run", "--sql");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE   staging.stg_a", run.Output, StringComparison.Ordinal);
        Assert.Contains("new: staging.stg_a does not exist", run.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"staging\".\"stg_a\" AS", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Temp.Path, "artifacts", "run_results.json")));
        Assert.False(File.Exists(Path.Combine(Temp.Path, "artifacts", "warehouse", "workbench-dev.duckdb")));
    }
}
