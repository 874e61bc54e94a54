using System.Diagnostics;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Publishing;

/// <summary>
/// `workbench build`, `rollback`, `promote`, `diff` and `runs` as a user runs them, on DuckDB and PostgreSQL: a build
/// writes apart, audits, and publishes only what passed; readers keep the previous tables otherwise.
/// </summary>
public sealed class BuildPublishTests : TempDirectoryTest
{
    private const string GoodOrders = "order_id,customer,amount\n1,a,10.00\n2,b,20.00\n3,a,5.50\n";
    private const string BadOrders = "order_id,customer,amount\n1,a,10.00\n2,b,20.00\n3,a,5.50\n4,c,-7.25\n";

    private void Project(string? yaml = null)
    {
        Temp.File("workbench.yaml", yaml ?? "name: test\n");
        Temp.File("data/seeds/orders.csv", GoodOrders);
        Temp.File("sql/staging/stg_orders.sql", "SELECT CAST(order_id AS INTEGER) AS order_id, customer, CAST(amount AS DECIMAL(10,2)) AS amount FROM seeds.orders");
        Temp.File("sql/marts/fct_customer.sql", "-- unique_key: customer\nSELECT customer, SUM(amount) AS total, COUNT(*) AS orders FROM staging.stg_orders GROUP BY customer");
        Temp.File("sql/marts/v_big.sql", "-- materialized: view\nSELECT * FROM marts.fct_customer WHERE total > 10");
        Temp.File("sql/tests/no_negative_amounts.sql", "-- severity: error\nSELECT order_id, amount FROM staging.stg_orders WHERE amount < 0");
        Temp.File("sql/tests/repeat_customers.sql", "-- severity: warning\nSELECT customer FROM marts.fct_customer WHERE orders >= 2");
    }

    private async Task<TestWarehouse> WarehouseAsync(string engine) => await Engines.CreateAsync(engine, Temp);

    private static string Choice(TestWarehouse warehouse) => (warehouse.Options.Engine == WarehouseEngine.DuckDb ? "duckdb:" : "postgres:") + warehouse.Options.Location;

    private Task<(int ExitCode, string Output, string Error)> Workbench(TestWarehouse warehouse, params string[] arguments) =>
        WorkbenchCommand.RunAsync(Temp.Path, [.. arguments, "--warehouse", Choice(warehouse)]);

    private static async Task<string> HashAsync(TestWarehouse warehouse, string table)
    {
        await using var connection = await warehouse.OpenAsync();
        return await connection.ContentHashAsync(TableName.Parse(table));
    }

    private static async Task<long> ScalarAsync(TestWarehouse warehouse, string sql)
    {
        await using var connection = await warehouse.OpenAsync();
        return await connection.ScalarAsync<long>(sql);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_AnErrorCheckFails_PublishesNothing_SkipsDownstreamSayingWhy_AndTheHistoryHasTheFailingRows(string engine)
    {
        Project();
        await using var warehouse = await WarehouseAsync(engine);
        var first = await Workbench(warehouse, "build");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("WARN", first.Output, StringComparison.Ordinal); // the warning failed, and did not block
        var before = (await HashAsync(warehouse, "staging.stg_orders"), await HashAsync(warehouse, "marts.fct_customer"));
        Temp.File("data/seeds/orders.csv", BadOrders);

        var bad = await Workbench(warehouse, "build");

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("nothing was published: readers still see the previous tables", bad.Error, StringComparison.Ordinal);
        Assert.Contains("no_negative_amounts", bad.Error, StringComparison.Ordinal);
        Assert.Contains("-7.25", bad.Error, StringComparison.Ordinal); // the offending row itself
        Assert.Contains("marts.fct_customer skipped: it reads staging.stg_orders, which failed its checks", bad.Output, StringComparison.Ordinal);
        Assert.Equal(before, (await HashAsync(warehouse, "staging.stg_orders"), await HashAsync(warehouse, "marts.fct_customer")));
        Assert.Equal(3, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM staging.stg_orders"));

        var runs = await Workbench(warehouse, "runs");
        Assert.Matches(@"\d{8}T\d{6}-[0-9a-f]{4} .* failed .* workbench build", runs.Output);
        var id = runs.Output.Split('\n')[1].Split(' ')[0];
        var shown = await Workbench(warehouse, "runs", "show", id);
        Assert.Equal(1, shown.ExitCode);
        Assert.Matches(@"failed\s+error\s+no_negative_amounts: 1 failing row", shown.Output);
        Assert.Contains("order_id=4, amount=-7.25", shown.Output, StringComparison.Ordinal);
        Assert.Matches(@"skipped\s+model:marts\.fct_customer", shown.Output);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_PublishPassing_PublishesWhatPassedAndWhatReadsOnlyThat(string engine)
    {
        Project();
        Temp.File("data/seeds/customers.csv", "customer,name\na,Ann\nb,Bo\n");
        Temp.File("sql/staging/stg_customers.sql", "SELECT customer, name FROM seeds.customers");
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        Temp.File("data/seeds/orders.csv", BadOrders);
        Temp.File("data/seeds/customers.csv", "customer,name\na,Ann\nb,Bo\nc,Cy\n");

        var passing = await Workbench(warehouse, "build", "--publish", "passing");

        Assert.Equal(1, passing.ExitCode);
        Assert.Contains("held back", passing.Output, StringComparison.Ordinal);
        Assert.Equal(3, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM staging.stg_customers")); // passed: published
        Assert.Equal(3, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM staging.stg_orders")); // failed: the previous table
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Rollback_PutsThePreviousBuildBack_ByContentHash_AndTheHistorySurvivesAFullRefresh(string engine)
    {
        Project();
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        var first = await HashAsync(warehouse, "marts.fct_customer");
        Temp.File("data/seeds/orders.csv", "order_id,customer,amount\n1,a,10.00\n2,b,99.00\n");
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        Assert.NotEqual(first, await HashAsync(warehouse, "marts.fct_customer"));

        var rollback = await Workbench(warehouse, "rollback");

        Assert.True(rollback.ExitCode == 0, rollback.Output + rollback.Error);
        Assert.Contains("content hashes verified", rollback.Output, StringComparison.Ordinal);
        Assert.Equal(first, await HashAsync(warehouse, "marts.fct_customer"));
        Assert.Equal(2, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM marts.v_big")); // the view reads the restored table
        var again = await Workbench(warehouse, "rollback");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("nothing older to roll back to", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await Workbench(warehouse, "build", "--full-refresh")).ExitCode);
        var runs = await Workbench(warehouse, "runs");
        Assert.Contains("workbench rollback", runs.Output, StringComparison.Ordinal);
        Assert.Contains("workbench build --full-refresh", runs.Output, StringComparison.Ordinal);
        Assert.Contains("5 run(s)", runs.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Promote_InASharedWarehouse_PublishesTheAuditedVersionsUnderTheOtherNames_WithoutRebuilding(string engine)
    {
        Project("name: test\nenvironments:\n  qa:\n    schema_prefix: qa_\n  prod:\n    schema_prefix: prod_\n");
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build", "--env", "qa")).ExitCode);

        var promoted = await Workbench(warehouse, "promote", "--from", "qa", "--to", "prod");

        Assert.True(promoted.ExitCode == 0, promoted.Output + promoted.Error);
        Assert.Contains("nothing rebuilt", promoted.Output, StringComparison.Ordinal);
        Assert.Equal(await HashAsync(warehouse, "qa_marts.fct_customer"), await HashAsync(warehouse, "prod_marts.fct_customer"));
        Assert.Equal(2, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM prod_marts.v_big"));
        Assert.Equal(0, await ScalarAsync(warehouse,
            "SELECT COUNT(*) FROM audit.published AS p JOIN audit.publications AS u ON u.publication_id = p.publication_id WHERE u.environment = 'prod' AND p.version_name IS NOT NULL " +
            "AND p.version_name NOT IN (SELECT q.version_name FROM audit.published AS q JOIN audit.publications AS r ON r.publication_id = q.publication_id WHERE r.environment = 'qa' AND q.version_name IS NOT NULL)"));
        var diff = await Workbench(warehouse, "diff", "--env", "prod", "--against", "qa");
        Assert.True(diff.ExitCode == 0, diff.Output + diff.Error);
        Assert.Contains("3 of 3 model(s) the same", diff.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Reset_AScratchEnvironment_DropsAllItHeld_AndDevIsRefusedAndKeepsItsTables(string engine)
    {
        Project("name: test\nenvironments:\n  dev: {}\n  sandbox:\n    scratch: true\n");
        await using var warehouse = await WarehouseAsync(engine);

        // DuckDB: the project's default warehouse, a file per environment; PostgreSQL: sandbox gets a database beside dev's.
        async Task<(int ExitCode, string Output, string Error)> Run(params string[] arguments) =>
            engine == "duckdb" ? await WorkbenchCommand.RunAsync(Temp.Path, arguments) : await Workbench(warehouse, arguments);
        Assert.Equal(0, (await Run("build")).ExitCode);
        var built = await Run("build", "--env", "sandbox");
        Assert.True(built.ExitCode == 0, built.Output + built.Error);
        Assert.Contains("\"environment\": \"dev\"", File.ReadAllText(Path.Combine(Temp.Path, "artifacts", "run_results.json")), StringComparison.Ordinal); // a scratch build keeps its files apart
        Assert.Contains("\"environment\": \"sandbox\"", File.ReadAllText(Path.Combine(Temp.Path, "artifacts", "scratch", "sandbox", "run_results.json")), StringComparison.Ordinal);

        var sandboxWarehouse = engine == "duckdb"
            ? WarehouseOptions.ForDuckDb(Path.Combine(Temp.Path, "artifacts", "warehouse", "workbench-sandbox.duckdb"))
            : warehouse.Options.ForEnvironment("sandbox");
        await using (var other = await WarehouseConnection.OpenAsync(sandboxWarehouse))
        {
            await other.ExecuteAsync("CREATE SCHEMA finance; CREATE TABLE finance.budget (amount INTEGER)"); // someone else's, in the same database
        }

        var reset = await Run("reset", "--env", "sandbox");
        var refused = await Run("reset", "--env", "dev");

        Assert.True(reset.ExitCode == 0, reset.Output + reset.Error);
        Assert.Contains("Emptied environment sandbox", reset.Output, StringComparison.Ordinal);
        Assert.Contains("marts", reset.Output, StringComparison.Ordinal);
        Assert.Contains("audit", reset.Output, StringComparison.Ordinal);
        Assert.Contains("Kept finance: not Workbench's.", reset.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("'dev' is not a scratch environment", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was dropped", refused.Error, StringComparison.Ordinal);
        var sandboxRuns = await Run("runs", "--env", "sandbox");
        Assert.Contains("No runs recorded for sandbox", sandboxRuns.Output, StringComparison.Ordinal);
        var devRows = await Run("sql", "SELECT COUNT(*) AS customers FROM marts.fct_customer");
        Assert.True(devRows.ExitCode == 0, devRows.Output + devRows.Error);
        Assert.Equal("2", devRows.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2].Trim()); // dev's tables untouched
        Assert.False(Directory.Exists(Path.Combine(Temp.Path, "artifacts", "scratch", "sandbox")), "its run artifacts went with it");
        Assert.True(File.Exists(Path.Combine(Temp.Path, "artifacts", "run_results.json")));
        Assert.Contains("was already empty", (await Run("reset", "--env", "sandbox")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_AScratchEnvironmentSharingDevsWarehouse_IsRefusedNamingDev()
    {
        Project("name: test\nwarehouse:\n  engine: duckdb\n  path: artifacts/one.duckdb\nenvironments:\n  dev: {}\n  sandbox:\n    scratch: true\n");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, ["build"])).ExitCode);

        var refused = await WorkbenchCommand.RunAsync(Temp.Path, ["reset", "--env", "sandbox"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("may share its warehouse", refused.Error, StringComparison.Ordinal);
        Assert.Contains("environment 'dev' uses the same warehouse", refused.Error, StringComparison.Ordinal);
        Assert.Contains("'dev'", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, ["sql", "SELECT COUNT(*) FROM marts.fct_customer"])).ExitCode);
    }

    [PostgresTheory]
    [InlineData("postgres")]
    public async Task Reset_WhileABuildOfThatEnvironmentHoldsItsLock_WaitsSayingSo_ThenEmptiesIt(string engine)
    {
        Project("name: test\nenvironments:\n  dev: {}\n  sandbox:\n    scratch: true\n");
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build", "--env", "sandbox")).ExitCode);
        await using var sandbox = await WarehouseConnection.OpenAsync(warehouse.Options.ForEnvironment("sandbox"));
        var lease = await global::Workbench.Publishing.BuildLock.AcquireAsync(sandbox, "test", "sandbox", "built", _ => { }); // as a running build holds it

        using var reset = RunningCommand.Start(Temp.Path, null, "reset", "--env", "sandbox", "--warehouse", Choice(warehouse));
        await reset.WaitForLineAsync(line => line.StartsWith("WAIT", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var martsWhileWaiting = await sandbox.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'marts'");
        await lease.DisposeAsync();
        var (exitCode, output, error) = await reset.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, martsWhileWaiting); // nothing dropped under the build
        Assert.True(exitCode == 0, output + error);
        Assert.Contains("Emptied environment sandbox", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_WhenSharingCannotBeRuledOut_IsRefusedSayingWhy()
    {
        Project("name: test\nenvironments:\n  dev: {}\n  shared:\n    scratch: true\n    schema_prefix: shared_\n  sandbox:\n    scratch: true\n  other:\n    warehouse:\n      engine: postgres\n      connection: Host=${WB_TEST_UNSET_HOST};Database=x\n");

        var prefixed = await WorkbenchCommand.RunAsync(Temp.Path, ["reset", "--env", "shared"]);
        var unresolved = await WorkbenchCommand.RunAsync(Temp.Path, ["reset", "--env", "sandbox"]);

        Assert.Equal(1, prefixed.ExitCode);
        Assert.Contains("schema_prefix 'shared_'", prefixed.Error, StringComparison.Ordinal);
        Assert.Equal(1, unresolved.ExitCode);
        Assert.Contains("environment 'other''s warehouse cannot be resolved here", unresolved.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was dropped", unresolved.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_BetweenSeparateWarehouses_CopiesTheAuditedTables_AndDiffShowsWhatDiffers()
    {
        Project();
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "build", "--env", "qa")).ExitCode);
        var promoted = await WorkbenchCommand.RunAsync(Temp.Path, "promote", "--from", "qa", "--to", "prod");
        Assert.True(promoted.ExitCode == 0, promoted.Output + promoted.Error);
        Assert.Contains("row(s) copied from qa's warehouse", promoted.Output, StringComparison.Ordinal);
        Temp.File("data/seeds/orders.csv", "order_id,customer,amount\n1,a,10.00\n2,b,21.00\n5,d,1.00\n");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "build", "--env", "qa")).ExitCode);

        var diff = await WorkbenchCommand.RunAsync(Temp.Path, "diff", "--env", "qa", "--against", "prod", "--select", "marts.fct_customer");

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("rows      qa 3, prod 2", diff.Output, StringComparison.Ordinal);
        Assert.Contains("by key    (customer): 2 in both, 1 only in qa, 0 only in prod", diff.Output, StringComparison.Ordinal);
        Assert.Contains("match     total: 0% (2 of 2 differ)", diff.Output, StringComparison.Ordinal);
        Assert.Matches(@"b\s+\|\s+differs\s+\|\s+21(\.00)?\s+\|\s+20(\.00)?\s", diff.Output);
        Assert.Matches(@"d\s+\|\s+only in qa", diff.Output);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_KilledWhileItRuns_LeavesTheOldStateOrTheNew_AndTheNextBuildCleansUp(string engine)
    {
        Project();
        // A model slow enough to be killed in the middle of: after the staging model, before the marts are published.
        // (a second or two on either engine: DuckDB runs recursion slowly and joins fast, PostgreSQL the other way round).
        Temp.File("sql/marts/slow.sql", engine == "duckdb"
            ? "SELECT COUNT(*) AS n FROM range(8000) AS a(x) CROSS JOIN range(8000) AS b(y) CROSS JOIN (SELECT COUNT(*) AS c FROM staging.stg_orders) AS s WHERE (a.x * b.y + s.c) % 7 = 3"
            : "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 400000) SELECT COUNT(*) AS n FROM r CROSS JOIN staging.stg_orders");
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        var old = (await HashAsync(warehouse, "staging.stg_orders"), await HashAsync(warehouse, "marts.fct_customer"));
        Temp.File("data/seeds/orders.csv", "order_id,customer,amount\n1,a,11.00\n");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { WorkbenchCommand.Cli, "build", "--warehouse", Choice(warehouse) })
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(start)!)
        {
            _ = process.StandardError.ReadToEndAsync();
            while (await process.StandardOutput.ReadLineAsync() is { } line && !line.Contains("staging.stg_orders", StringComparison.Ordinal))
            {
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var after = (await HashAsync(warehouse, "staging.stg_orders"), await HashAsync(warehouse, "marts.fct_customer"));
        var next = await Workbench(warehouse, "build");
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
        var fresh = (await HashAsync(warehouse, "staging.stg_orders"), await HashAsync(warehouse, "marts.fct_customer"));
        Assert.True(after == old || after == fresh, $"after the kill, the published state mixes builds: {after} is neither {old} nor {fresh}");
        Assert.Equal(1, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM staging.stg_orders"));
        // Nothing is left behind: every build schema there is one a publication needs (the janitor dropped the killed build's).
        Assert.Equal(0, await ScalarAsync(warehouse,
            "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'wb\\_build\\_%' ESCAPE '\\' " +
            "AND schema_name NOT IN (SELECT DISTINCT lower(split_part(version_name, '.', 1)) FROM audit.published WHERE version_name IS NOT NULL)"));
        var runs = await Workbench(warehouse, "runs");
        Assert.Contains("3 run(s)", runs.Output, StringComparison.Ordinal); // the killed run is kept (as running: it never finished)
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_AnIncrementalModelsNewRowsAreCheckedBeforeTheyAreMerged_AndBadOnesNeverReachReaders(string engine)
    {
        Project();
        Temp.File("sql/marts/fct_orders_inc.sql", "-- materialized: incremental\n-- unique_key: order_id\nSELECT order_id, customer, amount FROM staging.stg_orders");
        Temp.File("sql/tests/inc_no_negative.sql", "-- severity: error\nSELECT order_id FROM marts.fct_orders_inc WHERE amount < 0");
        Temp.File("sql/tests/no_negative_amounts.sql", "-- severity: warning\nSELECT order_id, amount FROM staging.stg_orders WHERE amount < 0");
        await using var warehouse = await WarehouseAsync(engine);
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        var before = await HashAsync(warehouse, "marts.fct_orders_inc");
        Temp.File("data/seeds/orders.csv", BadOrders);

        var bad = await Workbench(warehouse, "build");

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("inc_no_negative", bad.Error, StringComparison.Ordinal);
        Assert.Equal(before, await HashAsync(warehouse, "marts.fct_orders_inc")); // the merge happened in the build's copy only
        Assert.Equal(3, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM marts.fct_orders_inc"));
        Temp.File("data/seeds/orders.csv", GoodOrders.TrimEnd('\n') + "\n4,c,7.25\n");
        Assert.Equal(0, (await Workbench(warehouse, "build")).ExitCode);
        Assert.Equal(4, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM marts.fct_orders_inc"));
    }

    [Fact]
    public async Task Build_WhenTheWarehouseCannotBeReached_SaysWhichServer_AndExitsWithTheInfrastructureCode()
    {
        Project();

        var build = await WorkbenchCommand.RunAsync(Temp.Path, "build", "--warehouse", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Database=none");

        Assert.Equal(3, build.ExitCode);
        Assert.Contains("Cannot connect to the PostgreSQL warehouse postgresql://127.0.0.1:1/none", build.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", build.Error, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Build_AModelThatFails_NamesItsFileAndLine_AndSaysToFixTheModel()
    {
        Project();
        Temp.File("sql/marts/broken.sql", "SELECT nope FROM staging.stg_orders");

        var build = await WorkbenchCommand.RunAsync(Temp.Path, "build");

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("sql/marts/broken.sql:1: model marts.broken failed", build.Error, StringComparison.Ordinal);
        Assert.Contains("Fix the failing models (file:line above) and build again", build.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task History_WrittenByAnEarlierWorkbench_GetsTheColumnsAddedSince_AndKeepsItsRows(string engine)
    {
        Project();
        await using var warehouse = await WarehouseAsync(engine);
        await using (var connection = await warehouse.OpenAsync())
        {
            // audit.nodes as the first version of the history wrote it: no position column yet.
            await connection.ExecuteAsync(
                "CREATE SCHEMA audit; CREATE TABLE audit.nodes (run_id VARCHAR NOT NULL, step VARCHAR, node VARCHAR NOT NULL, kind VARCHAR NOT NULL, status VARCHAR NOT NULL, " +
                "row_count BIGINT, duration_ms BIGINT, error VARCHAR, detail VARCHAR, recorded_at TIMESTAMP NOT NULL); " +
                "INSERT INTO audit.nodes VALUES ('old-run', NULL, 'model:x', 'model', 'succeeded', 1, 1, NULL, NULL, TIMESTAMP '2024-01-01 00:00:00')");
        }

        var build = await Workbench(warehouse, "build");
        var runs = await Workbench(warehouse, "runs");
        var shown = await Workbench(warehouse, "runs", "show", runs.Output.Split('\n')[1].Split(' ')[0]);

        Assert.True(build.ExitCode == 0, build.Output + build.Error);
        Assert.True(shown.ExitCode == 0, shown.Output + shown.Error);
        Assert.Matches(@"succeeded\s+model:marts\.fct_customer", shown.Output);
        Assert.Equal(1, await ScalarAsync(warehouse, "SELECT COUNT(*) FROM audit.nodes WHERE run_id = 'old-run'"));
    }
}
