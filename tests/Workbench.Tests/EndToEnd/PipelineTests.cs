using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A copy of the repository's sample project with the pipeline run once through `workbench pipeline run` (every step:
/// contracts, unit tests, the five notebooks), shared by the tests of this class, which run one after another.
/// </summary>
public sealed class SampleProjectFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    public string Root => Path.Combine(_temp.Path, "repo");

    public string Cli => Path.Combine(Root, "artifacts", "bin", "workbench", "Workbench.Cli.dll");

    public (int ExitCode, string Output, string Error) FirstRun { get; private set; }

    public Dictionary<string, long> FirstCounts { get; private set; } = [];

    public async Task InitializeAsync()
    {
        foreach (var folder in new[] { "notebooks", "sql", "contracts", Path.Combine("data", "sample"), Path.Combine("data", "seeds") })
        {
            Copy(Path.Combine(Repository.Root, folder), Path.Combine(Root, folder));
        }

        File.Copy(Path.Combine(Repository.Root, "workbench.yaml"), Path.Combine(Root, "workbench.yaml"));
        Copy(AppContext.BaseDirectory, Path.Combine(Root, "artifacts", "bin", "workbench"));
        FirstRun = await RunAsync("pipeline", "run", "--env", "qa", "--cell-timeout", "300");
        if (FirstRun.ExitCode == 0)
        {
            FirstCounts = await CountRowsAsync();
        }
    }

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) =>
        WorkbenchCommand.RunWithAsync(Cli, Root, null, arguments);

    public static readonly string[] Tables = ["raw.orders", "raw._batches", "staging.stg_orders", "staging.stg_customers", "marts.fct_orders", "marts.dim_customers", "marts.mart_daily_revenue", "marts.mart_customer_lifetime_value"];

    public async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(Path.Combine(Root, "artifacts", "warehouse", "workbench-qa.duckdb")));
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    /// <summary>The content hash of each published mart of qa, to tell whether a run published anything.</summary>
    public async Task<Dictionary<string, string>> MartHashesAsync()
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(Path.Combine(Root, "artifacts", "warehouse", "workbench-qa.duckdb")));
        var hashes = new Dictionary<string, string>();
        foreach (var table in new[] { "marts.dim_customers", "marts.fct_orders", "marts.mart_customer_lifetime_value", "seeds.countries" })
        {
            hashes[table] = await warehouse.ContentHashAsync(TableName.Parse(table));
        }

        return hashes;
    }

    public async Task<long> PublicationsAsync()
    {
        await using var warehouse = await WarehouseConnection.OpenAsync(WarehouseOptions.ForDuckDb(Path.Combine(Root, "artifacts", "warehouse", "workbench-qa.duckdb")));
        return await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM audit.publications WHERE environment = 'qa'");
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>The sample pipeline as a user runs it: `workbench pipeline run`, on a copy of the repository's project.</summary>
public sealed class PipelineTests(SampleProjectFixture sample) : IClassFixture<SampleProjectFixture>
{
    [Fact]
    public async Task Pipeline_RunTwice_SucceedsWithTheSameRowCounts_AndWritesEveryArtifact()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);

        var batches = (await sample.CountRowsAsync())["raw._batches"]; // other tests of this class may have run the pipeline since
        var second = await sample.RunAsync("pipeline", "run", "--env", "qa", "--cell-timeout", "300");
        var counts = await sample.CountRowsAsync();

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.True(sample.FirstCounts["raw.orders"] > 2000, $"raw.orders has {sample.FirstCounts["raw.orders"]} rows");
        Assert.True(sample.FirstCounts["staging.stg_orders"] < sample.FirstCounts["raw.orders"], "staging removes the duplicate order rows");
        foreach (var table in SampleProjectFixture.Tables.Where(t => t != "raw._batches"))
        {
            Assert.Equal(sample.FirstCounts[table], counts[table]);
        }

        Assert.Equal(batches + sample.FirstCounts["raw._batches"], counts["raw._batches"]); // each run records its batches, loaded or skipped
        Assert.Contains("[pipeline] report ok", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sample.Root, "artifacts", "reports", "05-explore.html")));
        Assert.True(File.Exists(Path.Combine(sample.Root, "artifacts", "reports", "data-dictionary.html")));
        Assert.True(File.Exists(Path.Combine(sample.Root, "artifacts", "test-results", "model-unit-tests.xml")));

        // The notebooks' builds go through the same operation as `workbench models run`: manifest, run results and the
        // state of this environment and warehouse are written, so state:modified is right after a pipeline run.
        var results = File.ReadAllText(Path.Combine(sample.Root, "artifacts", "run_results.json"));
        Assert.Contains("\"environment\": \"qa\"", results, StringComparison.Ordinal);
        var unchanged = await sample.RunAsync("models", "ls", "--env", "qa", "--select", "state:modified");
        Assert.Contains("0 of ", unchanged.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_QualityGate_FailsNamingTheStepAndTheCheck()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        var planted = Path.Combine(sample.Root, "sql", "tests", "always_fails.sql");
        File.WriteAllText(planted, "-- severity: error\nSELECT order_id FROM marts.fct_orders");
        try
        {
            var quality = await sample.RunAsync("pipeline", "run", "--env", "qa", "--step", "quality", "--step", "report");

            Assert.Equal(1, quality.ExitCode);
            Assert.Contains("FAILED at step 'quality'", quality.Error, StringComparison.Ordinal);
            Assert.Contains("Quality gate failed", quality.Error, StringComparison.Ordinal);
            Assert.Contains("always_fails", quality.Error, StringComparison.Ordinal);
            Assert.Contains("Not run: report", quality.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(planted);
        }
    }

    [Fact]
    public async Task Pipeline_ContractGate_FailsWithTheRuleAndItsLocation()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        // One table has one contract: the gate is tested by tightening the rule of the table's own contract.
        var contract = Path.Combine(sample.Root, "contracts", "marts", "fct_orders.odcs.yaml");
        var original = File.ReadAllText(contract);
        var lines = original.Split('\n').ToList();
        var quality = lines.FindIndex(l => l == "    quality:");
        lines.Insert(quality + 1, "      - name: too strict\n        metric: rowCount\n        mustBeGreaterThan: 1000000");
        File.WriteAllText(contract, string.Join('\n', lines));
        try
        {
            var run = await sample.RunAsync("pipeline", "run", "--env", "qa", "--step", "quality");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("Contract gate failed", run.Error, StringComparison.Ordinal);
            Assert.Contains("FAIL too strict: row count = ", run.Error, StringComparison.Ordinal);
            Assert.Contains($"fct_orders.odcs.yaml:{quality + 2}:", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.WriteAllText(contract, original);
        }
    }

    [Fact]
    public async Task Pipeline_BadDataFailsTheBuildGate_NothingIsPublished_TheHistoryKeepsTheRows_AndTheFixedRunPublishes()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        var seed = Path.Combine(sample.Root, "data", "seeds", "countries.csv");
        var original = File.ReadAllText(seed);
        var before = await sample.MartHashesAsync();
        var publications = await sample.PublicationsAsync();
        File.WriteAllText(seed, original.TrimEnd('\n') + "\nXX,Atlantis,Atlantis\n"); // a region the contract does not know
        try
        {
            var bad = await sample.RunAsync("pipeline", "run", "--env", "qa");

            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("FAILED at step 'build'", bad.Error, StringComparison.Ordinal);
            Assert.Contains("countries.region invalidValues", bad.Error, StringComparison.Ordinal);
            Assert.Contains("Atlantis", bad.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was published", bad.Error, StringComparison.Ordinal);
            Assert.Contains("Not run: staging, marts, quality, report", bad.Error, StringComparison.Ordinal);
            Assert.Contains("Not run.", File.ReadAllText(Path.Combine(sample.Root, "artifacts", "notebooks", "03-marts.html")), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(sample.Root, "artifacts", "notebooks", "03-marts.ipynb")), "last run's executed notebook would pass for this run's");
            Assert.Equal(before, await sample.MartHashesAsync());
            Assert.Equal(publications, await sample.PublicationsAsync());

            var runs = await sample.RunAsync("runs", "--env", "qa", "-n", "1");
            Assert.Matches(@"failed\s+qa\s+\S+\s+workbench pipeline run --env qa", runs.Output);
            var shown = await sample.RunAsync("runs", "show", runs.Output.Split('\n')[1].Split(' ')[0], "--env", "qa");
            Assert.Matches(@"failed\s+step:build", shown.Output);
            Assert.Matches(@"failed\s+error\s+countries.region invalidValues", shown.Output);
            Assert.Contains("region=Atlantis", shown.Output, StringComparison.Ordinal);
            Assert.Matches(@"skipped\s+model:marts.dim_customers", shown.Output);
        }
        finally
        {
            File.WriteAllText(seed, original);
        }

        var fixedRun = await sample.RunAsync("pipeline", "run", "--env", "qa", "--step", "build");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Output + fixedRun.Error);
        Assert.Equal(publications + 1, await sample.PublicationsAsync());
        Assert.Equal(before, await sample.MartHashesAsync()); // the same data again: the same content
    }

    [Fact]
    public async Task RunPages_DrawInChromium_WithinTheWindow_AndEveryRelativeLinkResolves()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        var artifacts = Path.Combine(sample.Root, "artifacts");
        // Every page the runs wrote (the index links those of its own run; other tests of this class run steps again).
        var pages = new[] { "index.html" }.Concat(new[] { "notebooks", "reports" }.SelectMany(f => Directory.GetFiles(Path.Combine(artifacts, f), "*.html")))
            .Select(p => Path.GetFullPath(Path.Combine(artifacts, p))).ToList();
        Assert.True(pages.Count >= 8, string.Join(", ", pages)); // the index, five notebook pages (one the report), dictionary, lineage

        // A page that does overflow, measured with them, so the measurement itself is known to see it.
        var probe = Path.Combine(artifacts, "reports", ".overflow-probe.html");
        await File.WriteAllTextAsync(probe, "<html><body><div style=\"width:3000px\">a line of text far wider than any window it is shown in</div></body></html>");
        var drawn = await HeadlessChromium.ProblemsAsync([.. pages, probe]); // one browser for all of them, each in a 1280 x 900 window
        File.Delete(probe);
        Assert.Contains("px wide in a 1280px window", drawn[probe], StringComparison.Ordinal);
        var problems = drawn.Where(p => p.Key != probe && p.Value != "none").Select(p => $"{Path.GetRelativePath(artifacts, p.Key)}: {p.Value}").ToList();
        problems.AddRange(pages.SelectMany(page => PageLinks.Broken(page, artifacts)));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Pipeline_ExecutedAndCommittedNotebooks_AreValidNbformat45_ByTheReferenceValidator()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        var executed = Directory.GetFiles(Path.Combine(sample.Root, "artifacts", "notebooks"), "*.ipynb");
        var committed = Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb");
        Assert.NotEmpty(executed); // 01-04 (the report goes to reports/), or fewer when another test's run stopped early
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync(executed.Concat(committed).Concat(Directory.GetFiles(Path.Combine(sample.Root, "artifacts", "reports"), "*.ipynb"))));
    }

    [Fact]
    public async Task Notebooks_RunInTheDotnetInteractiveKernelVSCodeStarts_EveryCellSucceeds_AndEveryChartIsHtml()
    {
        Assert.True(sample.FirstRun.ExitCode == 0, sample.FirstRun.Output + sample.FirstRun.Error);
        var folder = Path.Combine(sample.Root, "notebooks");
        foreach (var name in new[] { "01-raw", "02-staging", "03-marts", "04-quality", "05-explore" })
        {
            // As a user would in VS Code: the parameters cell set to the environment the pipeline built (qa).
            // 01's, 03's, 04's and 05's exercises answered as a student would; 02's left as it comes, so its checkpoint must say "not yet".
            var cells = await InteractiveStdioClient.RunNotebookAsync(Path.Combine(folder, name + ".ipynb"), TimeSpan.FromMinutes(3),
                cell => cell.Tags.Contains("parameters") ? cell.Source.Replace("\"dev\"", "\"qa\"", StringComparison.Ordinal)
                    : cell.Source.StartsWith("-- name: my_rejects", StringComparison.Ordinal) ? RejectsAnswer
                    : cell.Source.StartsWith("var my_june", StringComparison.Ordinal) ? JuneAnswer
                    : cell.Source.StartsWith("-- name: by_country", StringComparison.Ordinal) ? CountryAnswer
                    : cell.Source.StartsWith("// Your change:", StringComparison.Ordinal) ? "var myChange = \"UPDATE raw.order_items SET quantity = -3 WHERE order_id = 1 AND line_number = 1\";"
                    : cell.Source);

            Assert.NotEmpty(cells);
            var checkpoints = cells.Where(c => c.Cell.Source.Contains("CheckpointAsync(", StringComparison.Ordinal)).Select(c => c.Outcome.Text).ToList();
            if (name == "01-raw")
            {
                Assert.Contains("✓ rejected orders", Assert.Single(checkpoints), StringComparison.Ordinal);
            }
            else if (name == "02-staging")
            {
                Assert.Contains("✗ not yet:", Assert.Single(checkpoints), StringComparison.Ordinal);
            }
            else if (name == "03-marts")
            {
                Assert.Contains("✓ the catalogue on 2024-06-15", Assert.Single(checkpoints), StringComparison.Ordinal);
            }
            else if (name == "04-quality")
            {
                Assert.Contains("✓ break a check, see the gate hold", Assert.Single(checkpoints), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("✓ revenue by country", Assert.Single(checkpoints), StringComparison.Ordinal);
            }

            foreach (var (cell, outcome) in cells)
            {
                Assert.True(outcome.Succeeded, $"{name}: the cell starting '{cell.FirstLine}' failed in the dotnet-interactive kernel: {outcome.Error}");
                if (cell.Source.Contains("Chart.", StringComparison.Ordinal))
                {
                    Assert.Contains("text/html", outcome.MimeTypes);
                }
            }
        }
    }

    private const string CountryAnswer = """
        -- name: by_country
        SELECT c.country_name, SUM(o.revenue) AS revenue
        FROM marts.fct_orders AS o JOIN marts.dim_customers AS c ON c.customer_id = o.customer_id
        GROUP BY c.country_name
        ORDER BY revenue DESC
        """;

    private const string JuneAnswer = """"
        var my_june = await sandbox.QueryAsync("""
            SELECT product_id, category, list_price FROM snapshots.snap_products
            WHERE valid_from <= TIMESTAMP '2024-06-15 00:00:00' AND (valid_to > TIMESTAMP '2024-06-15 00:00:00' OR valid_to IS NULL)
            """);
        """";

    private const string RejectsAnswer = """
        -- name: my_rejects
        SELECT b.source, r.source_line, r.reason
        FROM raw._rejects AS r JOIN raw._batches AS b ON b.batch_id = r.batch_id AND b.status = 'loaded'
        WHERE r.table_name = 'orders'
        """;
}
