using Workbench.Notebooks.Running;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.EndToEnd;

/// <summary>Runs the real layer notebooks, in pipeline order, on a temporary copy of the repository.</summary>
public sealed class PipelineTests : TempDirectoryTest
{
    private static readonly string[] Layers = ["01-raw", "02-staging", "03-marts", "04-quality", "05-explore"];
    private static readonly string[] Tables = ["raw.orders", "raw._batches", "staging.stg_orders", "staging.stg_customers", "marts.fct_orders", "marts.dim_customers", "marts.mart_daily_revenue", "marts.mart_customer_lifetime_value"];
    [Fact]
    public async Task Pipeline_RunTwiceOnACopyOfTheRepository_SucceedsWithTheSameRowCounts()
    {
        var repo = CopyRepository();

        await RunPipelineAsync(repo);
        var first = await CountRowsAsync(repo);
        await RunPipelineAsync(repo);
        var second = await CountRowsAsync(repo);

        Assert.True(first["raw.orders"] > 2000, $"raw.orders has {first["raw.orders"]} rows");
        Assert.True(first["staging.stg_orders"] < first["raw.orders"], "staging removes the duplicate order rows");
        foreach (var table in Tables.Where(t => t != "raw._batches"))
        {
            Assert.Equal(first[table], second[table]);
        }

        Assert.Equal(2 * first["raw._batches"], second["raw._batches"]);
        Assert.True(File.Exists(Path.Combine(repo, "artifacts", "notebooks", "05-explore.html")));
    }

    [Fact]
    public async Task Pipeline_QualityGate_FailsTheQualityNotebookWhenAnErrorTestFails()
    {
        var repo = CopyRepository();
        File.WriteAllText(Path.Combine(repo, "sql", "tests", "always_fails.sql"), "-- severity: error\nSELECT order_id FROM marts.fct_orders");

        await RunPipelineAsync(repo, stopAfter: "03-marts");
        var quality = await RunAsync(repo, "04-quality");

        Assert.False(quality.Succeeded);
        Assert.Contains("Quality gate failed", quality.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("always_fails", quality.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_ContractGate_FailsTheQualityNotebookWithTheRuleAndItsLocation()
    {
        var repo = CopyRepository();
        File.WriteAllText(Path.Combine(repo, "contracts", "marts", "too_strict.odcs.yaml"), """
            apiVersion: v3.1.0
            kind: DataContract
            id: too-strict
            version: 1.0.0
            status: active
            schema:
              - name: fct_orders_strict
                physicalName: marts.fct_orders
                quality:
                  - metric: rowCount
                    mustBeGreaterThan: 1000000
            """);

        await RunPipelineAsync(repo, stopAfter: "03-marts");
        var quality = await RunAsync(repo, "04-quality");

        Assert.False(quality.Succeeded);
        Assert.Contains("Contract gate failed", quality.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("fct_orders_strict rowCount", quality.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("too_strict.odcs.yaml:10:", quality.Failure.Message, StringComparison.Ordinal);
    }

    private string CopyRepository()
    {
        var source = Repository.Root;
        var repo = Path.Combine(Temp.Path, "repo");
        foreach (var folder in new[] { "notebooks", "sql", "contracts", Path.Combine("data", "sample"), Path.Combine("data", "seeds") })
        {
            CopyDirectory(Path.Combine(source, folder), Path.Combine(repo, folder));
        }

        File.Copy(Path.Combine(source, "Workbench.sln"), Path.Combine(repo, "Workbench.sln"));
        CopyDirectory(AppContext.BaseDirectory, Path.Combine(repo, "artifacts", "bin", "workbench"));
        return repo;
    }

    private static async Task RunPipelineAsync(string repo, string? stopAfter = null)
    {
        foreach (var layer in Layers)
        {
            var result = await RunAsync(repo, layer);
            Assert.True(result.Succeeded, result.Failure?.Describe(layer));
            if (layer == stopAfter)
            {
                return;
            }
        }
    }

    private static Task<NotebookRunResult> RunAsync(string repo, string layer) =>
        NotebookRunner.RunAsync(new NotebookRunOptions(
            Path.Combine(repo, "notebooks", layer + ".ipynb"),
            Path.Combine(repo, "artifacts", "notebooks"),
            new Dictionary<string, string> { ["env"] = "e2e" },
            CellTimeout: TimeSpan.FromMinutes(3))
        {
            Launcher = new HostLauncher("dotnet", [Path.Combine(repo, "artifacts", "bin", "workbench", "Workbench.Cli.dll")]),
            Environment = new Dictionary<string, string> { ["WORKBENCH_HEADLESS"] = "1" },
        });

    private static async Task<Dictionary<string, long>> CountRowsAsync(string repo)
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.DuckDbFor(repo, "e2e"));
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
