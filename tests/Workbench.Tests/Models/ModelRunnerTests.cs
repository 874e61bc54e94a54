using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

public sealed class ModelRunnerTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_BuildsInDependencyOrder_AndAFailureSkipsOnlyItsDescendants(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/s/base.sql", "SELECT 1 AS id UNION ALL SELECT 2");
        Temp.File("sql/s/derived.sql", "-- materialized: view\nSELECT id * 10 AS id FROM s.base");
        Temp.File("sql/s/broken.sql", "SELECT id,\n  no_such_column\nFROM s.base");
        Temp.File("sql/s/after_broken.sql", "SELECT * FROM s.broken");

        var summary = await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        var status = summary.Results.ToDictionary(r => r.Model.Name, r => r.Status);
        Assert.Equal(ModelStatus.Succeeded, status["base"]);
        Assert.Equal(ModelStatus.Succeeded, status["derived"]);
        Assert.Equal(ModelStatus.Failed, status["broken"]);
        Assert.Equal(ModelStatus.Skipped, status["after_broken"]);
        Assert.Equal(2, summary.Results.Single(r => r.Model.Name == "base").Rows);
        Assert.Equal(30, await warehouse.ScalarAsync<long>("SELECT SUM(id) FROM s.derived"));
        var failure = summary.Results.Single(r => r.Model.Name == "broken").Error!;
        Assert.Contains("sql/s/broken.sql:2:", failure, StringComparison.Ordinal); // the line of no_such_column, on both engines
        Assert.Contains("no_such_column", failure, StringComparison.Ordinal);
        Assert.Throws<Workbench.Errors.ModelRunFailedException>(summary.EnsureSucceeded);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_FailedRebuild_LeavesThePreviousTableReadableAndUnchanged(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var model = Temp.File("sql/s/t.sql", "SELECT 1 AS id UNION ALL SELECT 2 UNION ALL SELECT 3");
        await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        File.WriteAllText(model, "SELECT CAST('x' AS INTEGER) AS id");
        var summary = await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal(ModelStatus.Failed, summary.Results.Single().Status);
        Assert.Equal(3, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM s.t"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_Twice_GivesTheSameTables(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/s/t.sql", "SELECT 1 AS id UNION ALL SELECT 2");
        Temp.File("sql/s/v.sql", "-- materialized: view\nSELECT * FROM s.t");
        var project = ModelProject.Load(Temp.Path, "sql", ["raw"]);

        await new ModelRunner(warehouse).RunAsync(project);
        var again = await new ModelRunner(warehouse).RunAsync(project);

        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal(2, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM s.v"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_RebuildingOnlyAnUpstreamTable_KeepsViewsOnItWorkingWithTheNewRows(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var table = Temp.File("sql/s/t.sql", "SELECT 1 AS id");
        Temp.File("sql/s/v.sql", "-- materialized: view\nSELECT id FROM s.t");
        Temp.File("sql/s/vv.sql", "-- materialized: view\nSELECT id * 2 AS id FROM s.v");
        await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        File.WriteAllText(table, "SELECT 5 AS id");
        var summary = await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]), m => m.Id.Name == "t");

        Assert.True(summary.Succeeded, summary.ToString());
        Assert.Equal(10, await warehouse.ScalarAsync<long>("SELECT id FROM s.vv"));
    }

    [PostgresTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WithThreadsOnPostgres_BuildsIndependentModelsAtOnce_InDependencyOrder(bool failOne)
    {
        await using var test = await Engines.CreateAsync("postgres", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/s/base.sql", "SELECT 1 AS id");
        // Each slow model waits (up to a minute) until the other is running too: built at once, both meet; built one
        // after the other, the first waits alone. No timing window a busy machine could miss.
        await warehouse.ExecuteAsync("""
            CREATE FUNCTION public.wait_for_peer(me text, peer text) RETURNS text LANGUAGE plpgsql AS $$
            DECLARE deadline timestamptz := clock_timestamp() + interval '60 seconds';
            BEGIN
              PERFORM set_config('application_name', me, false);
              LOOP -- until the peer runs too (a transaction sees one snapshot of the activity unless it is cleared)
                PERFORM pg_stat_clear_snapshot();
                EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name IN (peer, peer || ':met') AND state = 'active');
                IF clock_timestamp() > deadline THEN RETURN 'alone'; END IF;
                PERFORM pg_sleep(0.05);
              END LOOP;
              PERFORM set_config('application_name', me || ':met', false);
              LOOP -- and has seen this one: neither leaves before the other knows
                PERFORM pg_stat_clear_snapshot();
                EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = peer || ':met');
                IF clock_timestamp() > deadline THEN RETURN 'seen, not seen back'; END IF;
                PERFORM pg_sleep(0.05);
              END LOOP;
              RETURN 'met';
            END $$
            """);
        foreach (var (name, peer) in new[] { ("slow_a", "slow_b"), ("slow_b", "slow_a") })
        {
            Temp.File($"sql/s/{name}.sql", $"SELECT b.id, public.wait_for_peer('{name}', '{peer}') AS met, pg_backend_pid() AS pid FROM s.base AS b");
        }

        Temp.File("sql/s/joined.sql", failOne
            ? "SELECT a.id, a.no_such_column FROM s.slow_a AS a JOIN s.slow_b AS b ON b.id = a.id"
            : "SELECT a.id FROM s.slow_a AS a JOIN s.slow_b AS b ON b.id = a.id");
        Temp.File("sql/s/after_joined.sql", "SELECT * FROM s.joined");
        var runner = new ModelRunner(warehouse) { Threads = 3, OpenConnection = ct => Workbench.Warehouse.WarehouseConnection.OpenAsync(test.Options, ct) };

        var summary = await runner.RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        var status = summary.Results.ToDictionary(r => r.Model.Name, r => r.Status);
        Assert.Equal(["base", "slow_a", "slow_b", "joined", "after_joined"], summary.Results.Select(r => r.Model.Name)); // build order, whatever finished first
        Assert.True(status["slow_a"] == ModelStatus.Succeeded, string.Join("\n", summary.Results.Select(r => r.Error)));
        Assert.Equal(ModelStatus.Succeeded, status["slow_b"]);
        Assert.Equal(failOne ? ModelStatus.Failed : ModelStatus.Succeeded, status["joined"]);
        Assert.Equal(failOne ? ModelStatus.Skipped : ModelStatus.Succeeded, status["after_joined"]);
        var met = await warehouse.ScalarAsync<string>("SELECT a.met || ',' || b.met || ',' || CAST(a.pid <> b.pid AS TEXT) FROM s.slow_a AS a, s.slow_b AS b");
        Assert.True(met == "met,met,true", $"the two independent slow models should have built at the same time, on two connections ({met})");
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_IntoEnvironmentSchemas_BuildsThereAndReadsTheEnvironmentsOwnUpstream(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA src; CREATE TABLE src.t (id INTEGER); INSERT INTO src.t VALUES (1), (2)");
        Temp.File("sql/s/base.sql", "SELECT id FROM src.t");
        Temp.File("sql/m/top.sql", "SELECT COUNT(*) AS n FROM s.base");
        var project = ModelProject.Load(Temp.Path, "sql", ["src"]);
        await new ModelRunner(warehouse).RunAsync(project); // the plain schemas, as prod
        await warehouse.ExecuteAsync("INSERT INTO src.t VALUES (3)");

        var qa = await new ModelRunner(warehouse) { TableFor = id => new($"qa_{id.Schema}", id.Name) }.RunAsync(project);

        Assert.True(qa.Succeeded, qa.ToString());
        Assert.Equal(3L, await warehouse.ScalarAsync<long>("SELECT n FROM qa_m.top"));
        Assert.Equal(2L, await warehouse.ScalarAsync<long>("SELECT n FROM m.top")); // prod untouched
    }
}
