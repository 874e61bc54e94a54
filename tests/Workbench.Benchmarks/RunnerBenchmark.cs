using System.Globalization;
using System.Text;

namespace Workbench.Benchmarks;

/// <summary>
/// Measures Workbench's headless notebook runner against dotnet-repl on the same notebooks, in the same run,
/// alternating the two so that machine noise hits both alike. Prints medians and the ratio ours / dotnet-repl.
/// </summary>
internal static class RunnerBenchmark
{
    private const string ReplVersion = "0.3.259";
    private const double Target = 0.8;

    public static int Run(string[] args)
    {
        var runs = Bench.IntOption(args, "--runs", 7);
        var root = Bench.FindRoot();
        var cli = Path.Combine(root, "artifacts", "bin", "workbench", "Workbench.Cli.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"Build first: {cli} is missing (dotnet build lib/Workbench.Cli).");
            return 2;
        }

        var toolPath = Path.Combine(root, "artifacts", "tools", "dotnet-repl-" + ReplVersion);
        var repl = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "dotnet-repl.exe" : "dotnet-repl");
        if (!File.Exists(repl))
        {
            Console.WriteLine($"Installing dotnet-repl {ReplVersion} into {toolPath} ...");
            Bench.Run("dotnet", ["tool", "install", "dotnet-repl", "--version", ReplVersion, "--tool-path", toolPath], root, check: true);
        }

        var scratch = Path.Combine(Path.GetTempPath(), "wb-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        var notebooks = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Notebook runner benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} runs each, medians)");
        report.AppendLine();
        report.AppendLine("| notebook | workbench (s) | dotnet-repl (s) | ratio | target |");
        report.AppendLine("|---|---|---|---|---|");
        var ratios = new List<double>();
        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(notebook);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var i = -1; i < runs; i++) // run -1 warms disk caches and tool restore for both, and is not counted
            {
                var a = Bench.Time(() => Bench.Run("dotnet", [cli, "notebook", "run", notebook, "-o", Path.Combine(scratch, "wb")], scratch, check: true));
                var b = Bench.Time(() => Bench.Run(repl, ["--run", notebook, "--exit-after-run", "--output-path", Path.Combine(scratch, name + ".repl.ipynb")], scratch, check: true));
                if (i >= 0)
                {
                    ours.Add(a);
                    theirs.Add(b);
                }
            }

            var ratio = Bench.Median(ours) / Bench.Median(theirs);
            ratios.Add(ratio);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {Bench.Median(ours):0.000} | {Bench.Median(theirs):0.000} | {ratio:0.00}x | {(ratio <= Target ? "met" : "MISSED")} (<= {Target}x) |");
        }

        var overall = Math.Exp(ratios.Average(Math.Log));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Geometric mean ratio: {overall:0.00}x (target <= {Target}x: {(overall <= Target ? "met" : "MISSED")}).");
        Console.WriteLine();
        Console.Write(report);
        var output = Path.Combine(root, "artifacts", "reports", "benchmark-runner.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine($"Written to {output}");
        Directory.Delete(scratch, recursive: true);
        return 0;
    }
}
