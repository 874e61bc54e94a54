using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Documents;
using Workbench.Tests.Support;

namespace Workbench.Benchmarks;

/// <summary>
/// Which .NET Interactive features work where: the same small notebooks (one per feature) through Workbench's runner,
/// the dotnet-interactive tool driven as VS Code drives it, and dotnet-repl 0.3.259 (`--run --exit-after-run`). A
/// feature works when its last cell succeeds and its output holds what the feature produces. Prints the table the
/// notebook runner's README carries and writes it to artifacts/reports/notebook-features.md.
/// </summary>
internal static class FeatureProbe
{
    private sealed record Probe(string Feature, string Expect, (string Kernel, string Code)[] Cells, Dictionary<string, string>? Inputs = null);

    private static readonly Probe[] Probes =
    [
        new("C# cell, trailing expression", "42", [("csharp", "40 + 2")]),
        new("`#!time`", "Wall time", [("csharp", "#!time\nSystem.Threading.Thread.Sleep(10);")]),
        new("`#!who`", "answer", [("csharp", "var answer = 42;"), ("csharp", "#!who")]),
        new("`#!whos`", "Int32", [("csharp", "var answer = 42;"), ("csharp", "#!whos")]),
        new("`#!lsmagic`", "#!whos", [("csharp", "#!lsmagic")]),
        new("`#!value`, `#!set`", "hello from value", [("value", "#!value --name greeting\nhello from value"), ("csharp", "#!set --name copied --value @value:greeting\ncopied")]),
        new("`#!share`", "HELLO FROM VALUE", [("value", "#!value --name greeting\nhello from value"), ("csharp", "#!share --from value greeting\ngreeting.ToUpperInvariant()")]),
        new("HTML cell", "<b>bold</b>", [("html", "<b>bold</b>")]),
        new("Markdown cell", "<em>emphasis</em>", [("markdown", "Some *emphasis*.")]),
        new("JavaScript cell", "probe-js", [("javascript", "console.log('probe-js');")]),
        new("Mermaid cell, drawn offline (SVG)", "<svg", [("mermaid", "graph LR\n  a --> b")]),
        new("input request answered (`--input`)", "city=Lyon", [("csharp", "var city = await Microsoft.DotNet.Interactive.Kernel.GetInputAsync(\"Which city?\");\nConsole.WriteLine($\"city={city}\");")], new() { ["Which city?"] = "Lyon" }),
        new("F# cell", "2", [("fsharp", "1 + 1")]),
        new("PowerShell cell", "probe-pwsh", [("pwsh", "'probe-pwsh'")]),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Bench.FindRoot();
        var cli = Path.Combine(root, "artifacts", "bin", "workbench", "Workbench.Cli.dll");
        var repl = Path.Combine(root, "artifacts", "tools", "dotnet-repl-0.3.259", "dotnet-repl");
        if (!File.Exists(repl))
        {
            Bench.Run("dotnet", ["tool", "install", "dotnet-repl", "--version", "0.3.259", "--tool-path", Path.GetDirectoryName(repl)!], root, check: true);
        }

        var scratch = Directory.CreateTempSubdirectory("wb-features-").FullName;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"| feature | Workbench runner | dotnet-interactive {ToolVersion(root)} (as VS Code drives it) | dotnet-repl 0.3.259 |");
        report.AppendLine("|---|---|---|---|");
        try
        {
            foreach (var probe in Probes)
            {
                var path = Path.Combine(scratch, Slug(probe.Feature) + ".ipynb");
                NotebookDocument.Create(path, probe.Cells.Select(c => NotebookCell.CreateCode(c.Code, c.Kernel)).ToList()).Save(path);
                var ours = Ours(cli, path, probe, scratch);
                var tool = await ToolAsync(probe, scratch);
                var theirs = Repl(repl, path, probe, scratch);
                report.AppendLine(CultureInfo.InvariantCulture, $"| {probe.Feature} | {ours} | {tool} | {theirs} |");
                Console.WriteLine($"{probe.Feature}: ours {ours}; tool {tool}; dotnet-repl {theirs}");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        Console.WriteLine();
        Console.Write(report);
        var output = Path.Combine(root, "artifacts", "reports", "notebook-features.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToString());
        return 0;
    }

    private static string Ours(string cli, string path, Probe probe, string scratch)
    {
        var arguments = new List<string> { cli, "notebook", "run", path, "-o", Path.Combine(scratch, "wb"), "--cell-timeout", "60" };
        foreach (var (name, value) in probe.Inputs ?? [])
        {
            arguments.AddRange(["--input", $"{name}={value}"]);
        }

        var executed = Path.Combine(scratch, "wb", Path.GetFileName(path));
        try
        {
            Bench.RunCapture("dotnet", [.. arguments], scratch);
        }
        catch (InvalidOperationException e) when (!File.Exists(executed))
        {
            // Refused before any cell ran: the command's own error line says why.
            return "no: " + Short(e.Message.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal))?[7..] ?? e.Message);
        }
        catch (InvalidOperationException)
        {
            // A cell failed: the executed notebook has its error output.
        }

        return Verdict(LastOutputs(File.ReadAllText(executed)), probe.Expect);
    }

    private static async Task<string> ToolAsync(Probe probe, string scratch)
    {
        await using var kernel = InteractiveStdioClient.Start(scratch);
        CellOutcome? last = null;
        foreach (var (name, code) in probe.Cells)
        {
            last = await kernel.SubmitAsync(code, name, TimeSpan.FromSeconds(30));
            if (!last.Succeeded)
            {
                return "no: " + Short(last.Error ?? "failed");
            }
        }

        return Verdict(last!.Text, probe.Expect);
    }

    private static string Repl(string repl, string path, Probe probe, string scratch)
    {
        var output = Path.Combine(scratch, "repl-" + Path.GetFileName(path));
        Bench.Run(repl, ["--run", path, "--exit-after-run", "--output-path", output], scratch, check: false); // exit 2 when a cell failed; the notebook says which

        return File.Exists(output) ? Verdict(LastOutputs(File.ReadAllText(output)), probe.Expect) : "no: it wrote no notebook";
    }

    /// <summary>The last code cell's outputs as text (data values and stream text); an error output makes it "error: ...".</summary>
    private static string LastOutputs(string notebookJson)
    {
        var cells = JsonNode.Parse(notebookJson)!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
        var outputs = cells.Count == 0 ? [] : cells[^1]!["outputs"]?.AsArray() ?? [];
        var text = new StringBuilder();
        foreach (var output in outputs.OfType<JsonObject>())
        {
            if ((string?)output["output_type"] == "error")
            {
                return "error: " + (string?)output["evalue"];
            }

            text.AppendLine(output["text"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)output["text"]);
            foreach (var (_, value) in output["data"] as JsonObject ?? [])
            {
                text.AppendLine(value is JsonArray parts ? string.Concat(parts.Select(p => (string?)p)) : value?.ToString());
            }
        }

        return text.ToString();
    }

    private static string Verdict(string text, string expect) =>
        text.StartsWith("error: ", StringComparison.Ordinal) ? "no: " + Short(text[7..])
        : text.Contains(expect, StringComparison.Ordinal) ? "yes"
        : $"no: ran, but no `{expect.Replace("|", "\\|", StringComparison.Ordinal)}` in its output";

    private static string Short(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal)) ?? text;
        line = line.Contains(".ipynb: ", StringComparison.Ordinal) ? line[(line.IndexOf(".ipynb: ", StringComparison.Ordinal) + 8)..] : line;
        line = line.Replace("|", "\\|", StringComparison.Ordinal);
        return line.Length <= 110 ? line : line[..107] + "...";
    }

    private static string Slug(string feature) => new(feature.Where(char.IsLetterOrDigit).Take(24).ToArray());

    private static string ToolVersion(string root) =>
        (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")))!["tools"]!["microsoft.dotnet-interactive"]!["version"] ?? "?";
}
