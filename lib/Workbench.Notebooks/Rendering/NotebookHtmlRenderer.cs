using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Workbench.Notebooks.Documents;

namespace Workbench.Notebooks.Rendering;

/// <summary>
/// Renders an executed notebook as one self-contained HTML page that works offline: markdown rendered, code shown,
/// outputs embedded (HTML, images, text, errors), and plotly.js inlined once when a chart needs it. No CDN references.
/// A report's page shows prose and results only: no code (but a failing cell's) and no exercise.
/// </summary>
public static class NotebookHtmlRenderer
{
    /// <summary>The cell tag of an exercise's cells (prose, the student's cell, its checkpoint): left out of a report's page.</summary>
    public const string ExerciseTag = "exercise";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <param name="siteIndex">A link back to the page of the run this notebook was part of (relative), or null.</param>
    public static string Render(NotebookDocument notebook, string? failure = null, string? siteIndex = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var body = new StringBuilder();
        var needsPlotly = false;
        foreach (var cell in notebook.Cells)
        {
            if (notebook.IsReport && cell.Tags.Contains(ExerciseTag) && (string?)cell.Metadata["workbench"]?["status"] is not ("failed" or "timedout"))
            {
                continue; // a report reads as a report: its exercise is for the notebook
            }

            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    body.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                    break;
                case CellKind.Code:
                    var count = cell.Json["execution_count"]?.ToString() ?? " ";
                    var status = (string?)cell.Metadata["workbench"]?["status"] ?? "not-run";
                    var duration = cell.Metadata["workbench"]?["duration_ms"] is JsonValue ms && ms.TryGetValue<double>(out var d)
                        ? (d / 1000).ToString("0.00", CultureInfo.InvariantCulture) + "s" : string.Empty;
                    var codeShown = !notebook.IsReport || status is "failed" or "timedout" or "running";
                    if (!codeShown && cell.Outputs.Count == 0)
                    {
                        break; // a report's setup cells: nothing to read
                    }

                    body.Append(CultureInfo.InvariantCulture, $"<section class=\"cell {status}{(codeShown ? string.Empty : " report")}\">");
                    if (codeShown)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<div class=\"prompt\">In [{count}] <span class=\"kernel\">{Encode(cell.KernelName("csharp"))}</span> <span class=\"dur\">{duration}</span></div>");
                        body.Append("<pre class=\"code\">").Append(Encode(cell.Source)).Append("</pre>");
                    }

                    foreach (var output in cell.Outputs.OfType<JsonObject>())
                    {
                        body.Append(RenderOutput(output, ref needsPlotly));
                    }

                    body.Append("</section>\n");
                    break;
                default:
                    body.Append("<pre class=\"raw\">").Append(Encode(cell.Source)).Append("</pre>\n");
                    break;
            }
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.Append(CultureInfo.InvariantCulture, $"<title>{Encode(notebook.Name)}</title><style>{Css}</style>");
        if (needsPlotly)
        {
            page.Append("<script>").Append(PlotlyScript.Source.Value).Append("</script>");
        }

        page.Append("</head><body>");
        page.Append("<header>");
        if (siteIndex is not null)
        {
            page.Append(CultureInfo.InvariantCulture, $"<nav><a href=\"{Encode(siteIndex)}\">All pages of this run</a></nav>");
        }

        page.Append(CultureInfo.InvariantCulture, $"<h1>{Encode(notebook.Name)}</h1>");
        page.Append(failure is null ? "<p class=\"ok\">Run succeeded.</p>" : $"<p class=\"fail\">Run failed: {Encode(failure)}</p>");
        page.Append("</header>").Append(body);
        if (needsPlotly)
        {
            page.Append("<script>").Append(PlotlyScript.RenderAll).Append("</script>");
        }

        page.Append("</body></html>\n");
        return page.ToString();
    }

    private static string RenderOutput(JsonObject output, ref bool needsPlotly)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                var stream = (string?)output["name"] == "stderr" ? "stderr" : "stdout";
                return $"<pre class=\"{stream}\">{Encode((string?)output["text"] ?? string.Empty)}</pre>";
            case "error":
                var trace = output["traceback"] is JsonArray lines ? string.Join('\n', lines.Select(l => (string?)l)) : string.Empty;
                return $"<pre class=\"error\"><b>{Encode((string?)output["ename"] ?? "Error")}</b>: {Encode((string?)output["evalue"] ?? string.Empty)}\n{Encode(trace)}</pre>";
            default:
                if (output["data"] is not JsonObject data)
                {
                    return string.Empty;
                }

                if (Text(data, "text/html") is { } html)
                {
                    needsPlotly |= html.Contains(PlotlyScript.FigureMarker, StringComparison.Ordinal);
                    return $"<div class=\"output html\">{html}</div>";
                }

                if (Text(data, "image/svg+xml") is { } svg)
                {
                    return $"<div class=\"output\">{svg}</div>";
                }

                if (Text(data, "image/png") is { } png)
                {
                    return $"<div class=\"output\"><img src=\"data:image/png;base64,{png.Trim()}\" alt=\"output image\"></div>";
                }

                if (Text(data, "text/markdown") is { } md)
                {
                    return $"<div class=\"output\">{Markdig.Markdown.ToHtml(md, Markdown)}</div>";
                }

                return Text(data, "text/plain") is { } text ? $"<pre class=\"output\">{Encode(text)}</pre>" : string.Empty;
        }
    }

    private static string? Text(JsonObject data, string mime) => data[mime] switch
    {
        JsonArray parts => string.Concat(parts.Select(p => (string?)p)),
        JsonValue value => (string?)value,
        _ => null,
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1f2328}
        header h1{margin-bottom:4px} .ok{color:#1a7f37} .fail{color:#c62828;font-weight:600}
        section.md{margin:12px 0} section.cell{border:1px solid #d0d7de;border-radius:6px;margin:12px 0;overflow:hidden}
        section.cell.failed,section.cell.timedout{border:2px solid #c62828}
        .prompt{font:12px monospace;background:#f6f8fa;padding:4px 8px;color:#57606a} .kernel{color:#0969da} .dur{float:right}
        pre{margin:0;padding:8px 12px;overflow-x:auto;font-size:13px} pre.code{background:#f6f8fa;border-bottom:1px solid #d0d7de}
        pre.stderr{background:#fff8e5} pre.error{background:#fde8e8;color:#8e0000;white-space:pre-wrap}
        .output{padding:8px 12px;overflow-x:auto} table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left}
        """;
}
