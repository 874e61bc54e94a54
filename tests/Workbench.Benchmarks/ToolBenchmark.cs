using System.Globalization;
using System.Text;
using Workbench.Tests.Support;

namespace Workbench.Benchmarks;

/// <summary>
/// The sample project's five notebooks (01-raw ... 05-explore, in order, on environment qa) through Workbench's runner
/// (<c>workbench notebook run</c>, which also writes the executed notebook, HTML and JUnit) against the dotnet-interactive
/// tool driven as VS Code drives it (one <c>dotnet-interactive stdio</c> process per notebook, one SubmitCode per cell),
/// in the same run, alternating. Target: ours at most 0.8x the tool's wall time.
/// </summary>
internal static class ToolBenchmark
{
    private const double Target = 0.8;
    private static readonly string[] Names = ["01-raw", "02-staging", "03-marts", "04-quality", "05-explore"];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Bench.IntOption(args, "--runs", 3);
        var root = Bench.FindRoot();
        var cli = Path.Combine(root, "artifacts", "bin", "workbench", "Workbench.Cli.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"Build first: {cli} is missing (dotnet build lib/Workbench.Cli).");
            return 2;
        }

        var folder = Path.Combine(root, "notebooks");
        var scratch = Directory.CreateTempSubdirectory("wb-tool-bench-").FullName;
        var ours = new List<double>();
        var theirs = new List<double>();
        try
        {
            for (var i = -1; i < runs; i++) // run -1 loads the raw data and builds qa once for both, and is not counted
            {
                var a = Bench.Time(() =>
                {
                    foreach (var name in Names)
                    {
                        Bench.Run("dotnet", [cli, "notebook", "run", Path.Combine(folder, name + ".ipynb"), "-p", "env=qa", "-o", scratch], root, check: true);
                    }
                });
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (var name in Names)
                {
                    await RunInToolAsync(Path.Combine(folder, name + ".ipynb"));
                }

                if (i >= 0)
                {
                    ours.Add(a);
                    theirs.Add(clock.Elapsed.TotalSeconds);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i}: workbench {a:0.00} s, dotnet-interactive {clock.Elapsed.TotalSeconds:0.00} s"));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var ratio = Bench.Median(ours) / Bench.Median(theirs);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Notebooks: Workbench's runner vs the dotnet-interactive tool ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} runs, medians)");
        report.AppendLine();
        report.AppendLine("| the five sample notebooks | workbench notebook run | dotnet-interactive stdio (as VS Code) | ratio | target |");
        report.AppendLine("|---|---|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| 01-raw ... 05-explore, env qa | {Bench.Median(ours):0.00} s | {Bench.Median(theirs):0.00} s | {ratio:0.00}x | {(ratio <= Target ? "met" : "MISSED")} (<= {Target}x) |");
        Console.WriteLine();
        Console.Write(report);
        var output = Path.Combine(root, "artifacts", "reports", "benchmark-notebooks-vs-tool.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToString());
        return Bench.Verdict(args, ratio <= Target ? 0 : 1);
    }

    /// <summary>One notebook in a fresh tool process, cell by cell, as VS Code runs it with the parameters cell set to qa.</summary>
    private static async Task RunInToolAsync(string path)
    {
        var cells = await InteractiveStdioClient.RunNotebookAsync(path, TimeSpan.FromMinutes(5),
            cell => cell.Tags.Contains("parameters") ? cell.Source.Replace("\"dev\"", "\"qa\"", StringComparison.Ordinal) : cell.Source);
        if (cells.FirstOrDefault(c => !c.Outcome.Succeeded) is { Cell: { } failed, Outcome: var outcome })
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)}: the cell starting '{failed.FirstLine}' failed in the dotnet-interactive tool: {outcome.Error}");
        }
    }
}
