using System.Globalization;
using System.Net;
using System.Text;
using Workbench.Application;

namespace Workbench.Notebooks.Pipeline;

/// <summary>
/// One page for a pipeline run, <c>artifacts/index.html</c>: each step with its status, time and page (the executed
/// notebooks, the report, the test results), and the data dictionary and lineage beside them. Every link is relative,
/// so the artifacts folder works wherever it is copied or published; the lineage is drawn again for the run.
/// </summary>
public static class RunSite
{
    public static string Write(WorkbenchSession session, PipelineRan ran, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ran);
        var root = session.Project.Artifacts;
        new RenderLineage(Output: Path.Combine(session.Project.Reports, "lineage.html")).Run(session);
        string Link(string path, string text) => $"<a href=\"{E(Path.GetRelativePath(root, path).Replace('\\', '/') + (Directory.Exists(path) ? "/" : string.Empty))}\">{E(text)}</a>";
        var rows = new StringBuilder();
        foreach (var step in ran.Steps)
        {
            var page = step.Output is { } output && File.Exists(output) && output.StartsWith(root, StringComparison.Ordinal)
                ? Link(output, Path.GetFileName(output))
                : step.Output is { } folder && Directory.Exists(folder) && folder.StartsWith(root, StringComparison.Ordinal) ? Link(folder, Path.GetFileName(folder) + "/") : string.Empty;
            var status = step.Status.ToString().ToLowerInvariant();
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{status}\"><td>{E(step.Step.Name)}</td><td>{status}</td><td class=\"n\">{step.Duration.TotalSeconds:0.0} s</td><td>{page}</td><td>{E(step.Failure ?? string.Empty)}</td></tr>\n");
        }

        var pages = new[] { (Path.Combine(session.Project.Reports, "data-dictionary.html"), "Data dictionary: every table and column, from the contracts"),
                (Path.Combine(session.Project.Reports, "lineage.html"), "Lineage: what each model is built from, and its SQL"),
                (session.RunResults, "run_results.json: every model's result") }
            .Where(p => File.Exists(p.Item1))
            .Select(p => $"<li>{Link(p.Item1, p.Item2)}</li>");
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{E(ran.Project)}}: pipeline run</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1f2328;max-width:70rem}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.failed td{background:#ffebe9}tr.notrun td{color:#57606a}
            .banner{padding:.5rem .8rem;border-left:6px solid;margin:1rem 0}.ok{border-color:#1a7f37;background:#dafbe1}.bad{border-color:#cf222e;background:#ffebe9}
            </style></head><body>
            <h1>{{E(ran.Project)}}: pipeline run ({{E(ran.Environment)}})</h1>
            <div class="banner {{(ran.Succeeded ? "ok" : "bad")}}">{{E(ran.Succeeded ? "Succeeded." : ran.ToString())}}</div>
            <p>Run {{E(ran.RunId ?? "(not recorded)")}}, finished {{at:yyyy-MM-dd HH:mm}} UTC. <code>workbench runs show {{E(ran.RunId ?? "ID")}}</code> shows it from the history.</p>
            <h2>Steps</h2>
            <table><tr><th>step</th><th>status</th><th>time</th><th>page</th><th>why it failed</th></tr>
            {{rows}}</table>
            <h2>About the data</h2>
            <ul>{{string.Concat(pages)}}</ul>
            </body></html>
            """;
        var index = IndexPath(session);
        Workbench.Text.AtomicFile.WriteText(index, html);
        return index;
    }

    /// <summary>Where the run's page is: <c>artifacts/index.html</c>.</summary>
    public static string IndexPath(WorkbenchSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Path.Combine(session.Project.Artifacts, "index.html");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
