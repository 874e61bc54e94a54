using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Models;
using Workbench.Warehouse;

namespace Workbench.Benchmarks;

/// <summary>
/// SQL model builds against running the same statements directly, in the same run: 500 trivial models in a temporary
/// project built by the model runner (dependency order, atomic swaps, row counts) vs their CREATE TABLE statements on
/// one connection (target: at most 1.2x); and parsing and planning 2,000 models (target: at most 1 s).
/// </summary>
internal static class ModelBenchmark
{
    private const double BuildTarget = 1.2;
    private const double PlanTargetSeconds = 1.0;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Bench.IntOption(args, "--runs", 5);
        var root = Bench.FindRoot();
        var scratch = Path.Combine(Path.GetTempPath(), "wb-model-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var small = Generate(Path.Combine(scratch, "p500"), 500);
            var large = Generate(Path.Combine(scratch, "p2000"), 2000);
            var ours = new List<double>();
            var direct = new List<double>();
            for (var i = -1; i < runs; i++)
            {
                var a = await BuildAsync(small, scratch);
                var b = await DirectAsync(small, scratch);
                if (i >= 0)
                {
                    ours.Add(a);
                    direct.Add(b);
                }
            }

            var plans = new List<double>();
            for (var i = -1; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                var project = ModelProject.Load(large, "sql", ["raw"]);
                _ = project.InBuildOrder();
                _ = ModelSelector.Select(project, ["+layer9.m_1999+"]);
                if (i >= 0)
                {
                    plans.Add(clock.Elapsed.TotalSeconds);
                }
            }

            var ratio = Bench.Median(ours) / Bench.Median(direct);
            var plan = Bench.Median(plans);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Model benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} runs each, medians, DuckDB)");
            report.AppendLine();
            report.AppendLine("| measure | workbench | reference | ratio | target |");
            report.AppendLine("|---|---|---|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| build 500 trivial models | {Bench.Median(ours):0.000} s | {Bench.Median(direct):0.000} s (same statements, one connection) | {ratio:0.00}x | {(ratio <= BuildTarget ? "met" : "MISSED")} (<= {BuildTarget}x) |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| parse and plan 2,000 models | {plan:0.000} s | | | {(plan <= PlanTargetSeconds ? "met" : "MISSED")} (<= {PlanTargetSeconds} s) |");
            Console.WriteLine();
            Console.Write(report);
            var output = Path.Combine(root, "artifacts", "reports", "benchmark-models.md");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine($"Written to {output}");
            return Bench.Verdict(args, (ratio <= BuildTarget ? 0 : 1) + (plan <= PlanTargetSeconds ? 0 : 1));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Ten layers; each model reads one or two models of the layer before (the first layer reads nothing).</summary>
    private static string Generate(string folder, int count)
    {
        var perLayer = count / 10;
        for (var i = 0; i < count; i++)
        {
            var layer = i / perLayer;
            var directory = Path.Combine(folder, "sql", $"layer{layer}");
            Directory.CreateDirectory(directory);
            var sql = layer == 0
                ? $"-- description: model {i}\nSELECT {i} AS id, 'x' AS label"
                : $"-- description: model {i}\nSELECT a.id + 1 AS id, a.label FROM layer{layer - 1}.m_{i - perLayer} AS a\nUNION ALL\nSELECT b.id, b.label FROM layer{layer - 1}.m_{(layer - 1) * perLayer + ((i + 7) % perLayer)} AS b";
            File.WriteAllText(Path.Combine(directory, $"m_{i}.sql"), sql);
        }

        return folder;
    }

    private static async Task<double> BuildAsync(string project, string scratch)
    {
        var file = Path.Combine(scratch, $"ours-{Guid.NewGuid():N}.duckdb");
        await using var warehouse = await WarehouseConnection.OpenAsync(new WarehouseOptions(WarehouseEngine.DuckDb, file));
        var clock = Stopwatch.StartNew();
        var models = ModelProject.Load(project, "sql", ["raw"]);
        var summary = await new ModelRunner(warehouse).RunAsync(models);
        summary.EnsureSucceeded();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> DirectAsync(string project, string scratch)
    {
        var file = Path.Combine(scratch, $"direct-{Guid.NewGuid():N}.duckdb");
        var models = ModelProject.Load(project, "sql", ["raw"]);
        var statements = models.InBuildOrder().Select(m => $"CREATE TABLE {WarehouseConnection.Quote(new TableName(m.Id.Schema, m.Id.Name))} AS {m.Sql}").ToList();
        var schemas = models.Models.Keys.Select(k => k.Schema).Distinct().Select(s => $"CREATE SCHEMA {s}").ToList();
        await using var warehouse = await WarehouseConnection.OpenAsync(new WarehouseOptions(WarehouseEngine.DuckDb, file));
        var clock = Stopwatch.StartNew();
        foreach (var statement in schemas.Concat(statements))
        {
            await warehouse.ExecuteAsync(statement);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
