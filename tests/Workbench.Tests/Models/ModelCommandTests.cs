using System.Text.Json;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

/// <summary>`workbench models` as a user runs it, in a scratch repository.</summary>
public sealed class ModelCommandTests : TempDirectoryTest
{
    private void Repository()
    {
        Temp.File("sql/staging/stg_a.sql", "-- description: typed a\n-- tags: daily\nSELECT 1 AS id");
        Temp.File("sql/marts/fct.sql", "-- materialized: view\nSELECT id FROM staging.stg_a");
        Temp.File("sql/marts/broken.sql", "SELECT nope FROM staging.stg_a");
        Temp.File("sql/marts/after_broken.sql", "SELECT * FROM marts.broken");
    }

    [Fact]
    public async Task Run_WritesManifestAndRunResults_WithAStatusPerModel_AndExitsNonZeroOnFailure()
    {
        Repository();

        var run = await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--warehouse", "duckdb:w.duckdb");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("4 model(s): 2 built, 1 failed, 1 skipped", run.Output, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(Temp.Path, "artifacts", "run_results.json")));
        var statuses = results.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("model").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("failed", statuses["marts.broken"]);
        Assert.Equal("skipped", statuses["marts.after_broken"]);
        Assert.Equal("workbench/run-results/v1", results.RootElement.GetProperty("schema_version").GetString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Temp.Path, "artifacts", "manifest.json")));
        var model = manifest.RootElement.GetProperty("models").GetProperty("staging.stg_a");
        Assert.Equal("typed a", model.GetProperty("description").GetString());
        Assert.Equal("daily", model.GetProperty("tags")[0].GetString());
        Assert.Equal("staging.stg_a", manifest.RootElement.GetProperty("models").GetProperty("marts.fct").GetProperty("depends_on")[0].GetString());
    }

    [Fact]
    public async Task LsStateModified_AfterARun_ListsOnlyWhatFailedOrChanged()
    {
        Repository();
        await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--warehouse", "duckdb:w.duckdb");
        File.WriteAllText(Path.Combine(Temp.Path, "sql", "staging", "stg_a.sql"), "SELECT 2 AS id");

        var ls = await WorkbenchCommand.RunAsync(Temp.Path, "models", "ls", "--select", "state:modified", "--warehouse", "duckdb:w.duckdb");

        Assert.Equal(0, ls.ExitCode);
        Assert.Contains("4 of 4 model(s) selected", ls.Output, StringComparison.Ordinal); // stg_a changed: everything downstream too
        File.WriteAllText(Path.Combine(Temp.Path, "sql", "staging", "stg_a.sql"), "-- description: typed a\n-- tags: daily\nSELECT 1 AS id");
        var back = await WorkbenchCommand.RunAsync(Temp.Path, "models", "ls", "--select", "state:modified", "--warehouse", "duckdb:w.duckdb");
        Assert.Contains("2 of 4 model(s) selected", back.Output, StringComparison.Ordinal); // broken and its descendant
    }

    [Fact]
    public async Task Lineage_Mermaid_HasSourcesModelsAndEdges()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT * FROM raw.a");
        Temp.File("sql/marts/fct.sql", "-- materialized: view\nSELECT * FROM staging.stg_a");

        var lineage = await WorkbenchCommand.RunAsync(Temp.Path, "models", "lineage", "--format", "mermaid");
        var html = await WorkbenchCommand.RunAsync(Temp.Path, "models", "lineage");

        Assert.Equal("flowchart LR\n  raw_a[(raw.a)]\n  staging_stg_a[staging.stg_a]\n  marts_fct[/marts.fct/]\n  raw_a --> staging_stg_a\n  staging_stg_a --> marts_fct\n", lineage.Output);
        Assert.Equal(0, html.ExitCode);
        var page = File.ReadAllText(Path.Combine(Temp.Path, "artifacts", "reports", "lineage.html"));
        Assert.Contains("data-from=\"staging.stg_a\" data-to=\"marts.fct\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAnEnvironment_BuildsIntoThatEnvironmentsWarehouseOnly()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id");

        var qa = await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--env", "qa");
        var bad = await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--env", "staging");

        Assert.Equal(0, qa.ExitCode);
        Assert.True(File.Exists(Path.Combine(Temp.Path, "artifacts", "warehouse", "workbench-qa.duckdb")));
        Assert.False(File.Exists(Path.Combine(Temp.Path, "artifacts", "warehouse", "workbench-dev.duckdb")));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("dev", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateModified_IsKeptPerEnvironmentAndWarehouse_SoABuildInOneNeverHidesAChangeFromAnother()
    {
        var model = Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id");
        Temp.File("sql/marts/fct.sql", "SELECT id FROM staging.stg_a");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--env", "dev")).ExitCode);
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--env", "qa")).ExitCode);
        File.WriteAllText(model, "SELECT 2 AS id");

        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "models", "run", "--env", "dev", "--select", "state:modified")).ExitCode);
        var dev = await WorkbenchCommand.RunAsync(Temp.Path, "models", "ls", "--env", "dev", "--select", "state:modified");
        var qa = await WorkbenchCommand.RunAsync(Temp.Path, "models", "ls", "--env", "qa", "--select", "state:modified");

        Assert.Contains("0 of 2 model(s) selected", dev.Output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 model(s) selected", qa.Output, StringComparison.Ordinal); // qa still has the old stg_a, and fct built from it
    }

    [Fact]
    public async Task Test_FromTheCommandLine_RunsTheDataTests_ShowsTheOffendingRows_AndExitsNonZero()
    {
        Temp.File("sql/staging/stg_a.sql", "SELECT 1 AS id UNION ALL SELECT -5");
        Temp.File("sql/tests/no_negative_ids.sql", "-- severity: error\nSELECT id FROM stg_a WHERE id < 0");
        Temp.File("sql/tests/warns_only.sql", "-- severity: warning\nSELECT id FROM staging.stg_a");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "models", "run")).ExitCode);

        var test = await WorkbenchCommand.RunAsync(Temp.Path, "test");

        Assert.Equal(1, test.ExitCode);
        Assert.Contains("FAIL no_negative_ids (sql/tests/no_negative_ids.sql): 1 offending row(s)", test.Output, StringComparison.Ordinal);
        Assert.Contains("WARN warns_only", test.Output, StringComparison.Ordinal);
        Assert.Contains("-5", test.Output, StringComparison.Ordinal);
        Assert.Contains("2 data test(s), 0 contract check(s), 0 table(s) compared with their contracts: 1 failed, 1 warning(s), 0 rule(s) skipped.", test.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Temp.Path, "artifacts", "test-results", "data-tests-dev.xml")));
    }
}
