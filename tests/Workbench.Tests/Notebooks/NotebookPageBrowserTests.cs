using Workbench.Tests.Support;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

/// <summary>Executed notebooks' HTML pages, opened in a real headless browser with no network.</summary>
public sealed class NotebookPageBrowserTests : TempDirectoryTest
{
    [Fact]
    public async Task Page_InABrowserWithNoNetwork_DrawsItsCharts_ShowsItsMermaidAndTables_AndRunsItsScripts()
    {
        var path = Write(Temp, "page",
            Setup(Temp),
            Code("using Workbench.Notebooks.Charts;\nChart.Line(new[] { 1, 2, 3 }, new[] { 2.0, 1.0, 3.0 }, \"line\").WithTitle(\"A line\")"),
            Code("using Workbench.Notebooks.Charts;\nChart.Heatmap(new[] { 0, 1 }, new[] { \"a\", \"b\" }, new[] { new double?[] { 100, 50 }, new double?[] { 100, null } })"),
            Code("graph TD\n  a[Load] --> b[Build] --> c[Publish]", kernel: "mermaid"),
            Code("-- dataframe: t\nSELECT 1 AS id, 'x' AS name", kernel: "sql"),
            Code("t"),
            Code("document.body.setAttribute('data-script-ran', 'yes');", kernel: "javascript"));
        var result = await RunAsync(path);
        Assert.True(result.Succeeded, result.Failure?.Describe("page"));
        // The executed .ipynb carries each figure as plotly JSON too: Jupyter and VS Code draw it with no script in the notebook.
        var executed = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(result.ExecutedNotebookPath))!;
        var figures = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["data"]?["application/vnd.plotly.v1+json"]).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
        Assert.Equal(2, figures.Count);
        Assert.Equal("A line", (string?)figures[0]["layout"]!["title"]!["text"]);

        var dom = await HeadlessChromium.DomAfterScriptsAsync(result.HtmlPath, Path.Combine(Temp.Path, "page.png"));
        dom = await HeadlessChromium.DomAfterScriptsAsync(result.HtmlPath);

        Assert.True(File.Exists(Path.Combine(Temp.Path, "page.png")));
        Assert.True(CountOf(dom, "class=\"main-svg\"") >= 2, "plotly.js drew both charts (it adds its main-svg elements when it draws)");
        Assert.Contains("heatmaplayer", dom, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"mermaid-drawn\"", dom, StringComparison.Ordinal);
        Assert.Contains(">Publish</text>", dom, StringComparison.Ordinal);
        Assert.Contains("DataFrame: 1 rows", dom, StringComparison.Ordinal);
        Assert.Contains("data-script-ran=\"yes\"", dom, StringComparison.Ordinal);
    }
}
