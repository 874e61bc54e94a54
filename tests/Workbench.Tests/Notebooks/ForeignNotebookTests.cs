using System.Text.Json.Nodes;
using Workbench.Notebooks.Documents;
using Workbench.Tests.Support;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

/// <summary>Notebooks written for the dotnet-interactive tool (its magic commands, cell kinds and input requests) run in ours.</summary>
public sealed class ForeignNotebookTests : TempDirectoryTest
{
    [Fact]
    public async Task Run_TheToolsMagicCommands_WorkAsInTheTool()
    {
        var path = Write(Temp, "magics",
            Code("#!time\nvar answer = 42;\nSystem.Threading.Thread.Sleep(20);"),
            Code("#!who"),
            Code("#!whos"),
            Code("#!lsmagic"),
            Code("#!value --name greeting\nhello from the value kernel", kernel: "value"),
            Code("#!set --name copied --value @value:greeting\ncopied"),
            Code("#!share --from value greeting\ngreeting.ToUpperInvariant()"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("magics"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.Matches(@"Wall time: \d+(\.\d+)?ms", Text(cells[0]!));
        Assert.Contains("answer", Text(cells[1]!), StringComparison.Ordinal);
        Assert.Contains("Int32", Text(cells[2]!), StringComparison.Ordinal);
        Assert.Contains("#!time", Text(cells[3]!), StringComparison.Ordinal);
        Assert.Contains("#!whos", Text(cells[3]!), StringComparison.Ordinal);
        Assert.Contains("hello from the value kernel", Text(cells[5]!), StringComparison.Ordinal);
        Assert.Contains("HELLO FROM THE VALUE KERNEL", Text(cells[6]!), StringComparison.Ordinal);
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync([result.ExecutedNotebookPath]));
    }

    [Fact]
    public async Task Run_HtmlMarkdownJavaScriptAndMermaidCells_AreShownAsAFrontEndShowsThem()
    {
        var path = Write(Temp, "frontend",
            Code("<b id=\"bold\">bold words</b>", kernel: "html"),
            Code("# A heading\n\nSome *emphasis* and a [link](https://example.org).", kernel: "markdown"),
            Code("document.title = 'set by a cell';", kernel: "javascript"),
            Code("graph LR\n  raw[Raw files] --> staging(Staging)\n  staging -->|audited| marts{Marts}\n  marts -.-> report", kernel: "mermaid"),
            Code("sequenceDiagram\n  A->>B: hi", kernel: "mermaid"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("frontend"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.Contains("<b id=\"bold\">bold words</b>", Html(cells[0]!), StringComparison.Ordinal);
        Assert.Contains("<h1", Html(cells[1]!), StringComparison.Ordinal);
        Assert.Contains("<em>emphasis</em>", Html(cells[1]!), StringComparison.Ordinal);
        Assert.Equal("document.title = 'set by a cell';", (string?)Data(cells[2]!)["application/javascript"]);
        var mermaid = Html(cells[3]!);
        Assert.Contains("<svg class=\"mermaid-drawn\"", mermaid, StringComparison.Ordinal);
        Assert.Contains(">Raw files</text>", mermaid, StringComparison.Ordinal);
        Assert.Contains(">audited</text>", mermaid, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(mermaid, "class=\"edge\""));
        Assert.Contains("stroke-dasharray", mermaid, StringComparison.Ordinal); // the dotted edge
        Assert.Contains("not drawn offline", Html(cells[4]!), StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(result.HtmlPath);
        Assert.Contains("<svg class=\"mermaid-drawn\"", page, StringComparison.Ordinal);
        Assert.Contains("document.title = 'set by a cell';", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync([result.ExecutedNotebookPath]));
    }

    [Fact]
    public async Task Run_InputRequests_AreAnsweredFromTheCommandLine_OrFailNamingThePrompt()
    {
        var path = Write(Temp, "ask", Code("var city = await Microsoft.DotNet.Interactive.Kernel.GetInputAsync(\"Which city?\");\nConsole.WriteLine($\"city={city}\");"));

        var answered = await RunAsync(path, inputs: new Dictionary<string, string> { ["Which city?"] = "Lyon" });
        var printed = Text(ReadJson(answered.ExecutedNotebookPath)["cells"]![0]!);
        var unanswered = await RunAsync(path);

        Assert.True(answered.Succeeded, answered.Failure?.Describe("ask"));
        Assert.Contains("city=Lyon", printed, StringComparison.Ordinal);
        Assert.False(unanswered.Succeeded);
        Assert.Contains("Which city?", unanswered.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("--input", unanswered.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CellsInKernelsThatCannotBeHad_FailBeforeAnyCellRuns_NamingThem()
    {
        var marker = Path.Combine(Temp.Path, "ran.txt");
        var path = Write(Temp, "polyglot",
            Code($"System.IO.File.WriteAllText(@\"{marker}\", \"ran\");"),
            Code("let x = 1", kernel: "fsharp"),
            Code("Get-Date", kernel: "pwsh"));

        var error = await Assert.ThrowsAsync<NotebookKernelUnavailableException>(() => RunAsync(path));

        Assert.Contains("cell 2 is F#", error.Message, StringComparison.Ordinal);
        Assert.Contains("cell 3 is PowerShell", error.Message, StringComparison.Ordinal);
        Assert.Contains("No cell was run", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Run_DisplayUpdate_ReplacesTheOutputItUpdates()
    {
        var path = Write(Temp, "live", Code("var progress = display(\"step 1\");\nprogress.Update(\"step 2\");\nvar other = display(\"other\");\nprogress.Update(\"done\");"), Code("other.Update(\"other, later\");"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("live"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        var outputs = cells[0]!["outputs"]!.AsArray();
        Assert.Equal(2, outputs.Count);
        Assert.Contains("done", outputs[0]!["data"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("other, later", outputs[1]!["data"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(cells[1]!["outputs"]!.AsArray());
    }

    private static JsonObject Data(JsonNode cell) => cell["outputs"]!.AsArray().Select(o => o!["data"]).OfType<JsonObject>().First();

    private static string Html(JsonNode cell) => (string?)Data(cell)["text/html"] ?? string.Empty;

    private static string Text(JsonNode cell) => cell["outputs"]!.ToJsonString().Replace("\\u003C", "<", StringComparison.Ordinal).Replace("\\u003E", ">", StringComparison.Ordinal);
}
