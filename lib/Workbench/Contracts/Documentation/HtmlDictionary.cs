using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Contracts.Documentation;

/// <summary>Renders the data dictionary as one self-contained HTML page with a filter box and cross-links.</summary>
public static partial class HtmlDictionary
{
    /// <param name="projectRoot">The project's folder: files are named relative to it. Everything a table links to (its
    /// SQL, its contract's YAML, its neighbours) is in the page or beside it, so the page works wherever it is copied.</param>
    /// <param name="mask">Applied to the contract text the page embeds (a session's secret masker), so no secret reaches a published page.</param>
    public static string Render(DataDictionary dictionary, string projectRoot, DateTimeOffset generatedAt, Func<string, string>? mask = null)
    {
        mask ??= text => text;
        ArgumentNullException.ThrowIfNull(dictionary);
        var html = new StringBuilder();
        html.AppendLine("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Data dictionary</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;display:flex}
            nav{position:sticky;top:0;height:100vh;overflow:auto;min-width:15rem;padding:1rem;background:#f6f8fa;border-right:1px solid #d0d7de;box-sizing:border-box}
            nav h3{margin:1rem 0 .25rem;font-size:12px;text-transform:uppercase;color:#59636e}
            nav a{display:block;color:#0969da;text-decoration:none;padding:1px 0}
            main{padding:1rem 2rem;max-width:80rem;overflow:auto}
            input{width:100%;padding:.4rem;box-sizing:border-box;border:1px solid #d0d7de;border-radius:6px}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
            th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa}
            code{background:#eff1f3;padding:0 3px;border-radius:4px;font-size:12px}
            .meta{color:#59636e}.key{font-weight:600}.layer{display:inline-block;font-size:11px;padding:0 6px;border-radius:10px;background:#ddf4ff;color:#0969da}
            section{border-top:1px solid #d0d7de;padding-top:.5rem}
            details{margin:.25rem 0 .75rem}summary{cursor:pointer;color:#0969da}
            pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .75rem;overflow:auto;font-size:12px;max-height:30rem}
            </style></head><body>
            """);
        html.AppendLine("<nav><p><a href=\"../index.html\">Run</a> · <a href=\"lineage.html\">Lineage</a></p><input id=\"filter\" placeholder=\"Filter tables and columns…\" aria-label=\"Filter\">");
        foreach (var layer in dictionary.Tables.GroupBy(t => t.Layer))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h3>{E(layer.Key)}</h3>");
            foreach (var t in layer)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<a href=\"#{E(t.Anchor)}\" data-table=\"{E(t.Anchor)}\">{E(t.Table.Name)}</a>");
            }
        }

        html.AppendLine("</nav><main>");
        html.AppendLine(CultureInfo.InvariantCulture,
            $"<h1>Data dictionary</h1><p class=\"meta\">{dictionary.Tables.Count} tables, {dictionary.Tables.Sum(t => t.Columns.Count)} columns, from {dictionary.Tables.Select(t => t.Contract.File).Distinct().Count()} contracts. Generated {generatedAt:yyyy-MM-dd HH:mm} UTC by <code>workbench contract docs</code>.</p>");
        foreach (var t in dictionary.Tables)
        {
            var search = string.Join(' ', new[] { t.Table.Name, t.Table.Description ?? string.Empty }.Concat(t.Columns.Select(c => c.Property.Name + " " + c.Property.Description))).ToLowerInvariant();
            html.AppendLine(CultureInfo.InvariantCulture, $"<section id=\"{E(t.Anchor)}\" data-search=\"{E(search)}\">");
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(t.Table.Name)} <span class=\"layer\">{E(t.Layer)}</span></h2>");
            var physical = ContractDdl.TableNameOf(t.Table).ToString();
            var model = dictionary.Models.GetValueOrDefault(physical.ToLowerInvariant());
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<p class=\"meta\"><code>{E(physical)}</code> ({E(t.Table.PhysicalType ?? "table")}) · contract {E(t.Contract.Id)} {E(t.Contract.Version)} ({E(t.Contract.Status)}) · <a href=\"lineage.html#{E(Uri.EscapeDataString(physical.ToLowerInvariant()))}\">in the lineage</a></p>");
            if (model is not null)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"meta\">Reads: {Neighbours(dictionary, model.Reads, "nothing (a source)")} · Read by: {Neighbours(dictionary, model.ReadBy, "no model")}</p>");
            }
            foreach (var text in new[] { t.Contract.Purpose, t.Table.Description }.OfType<string>().Distinct())
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p>{Inline(text)}</p>");
            }

            if (t.Contract.Usage is { } usage)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p><b>Usage:</b> {Inline(usage)}</p>");
            }

            if (t.Contract.Limitations is { } limitations)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p><b>Limitations:</b> {Inline(limitations)}</p>");
            }

            html.AppendLine("<table><thead><tr><th>Column</th><th>Type</th><th>Key</th><th>Rules</th><th>References</th><th>Description</th></tr></thead><tbody>");
            foreach (var c in t.Columns)
            {
                var rules = c.Constraints.Concat(c.Rules).Concat(c.Property.Classification is { } cls ? [$"classification: {cls}"] : []);
                html.AppendLine(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"{(c.Key ? "key" : string.Empty)}\">{E(c.Property.Name)}</td><td>{E(c.Type)}</td><td>{(c.Key ? "PK" : string.Empty)}</td>" +
                    $"<td>{string.Join("<br>", rules.Select(Inline))}</td><td>{string.Join("<br>", c.References.Select(r => $"<a href=\"#{E(r[..Math.Max(0, r.LastIndexOf('.'))].ToLowerInvariant())}\">{E(r)}</a>"))}</td>" +
                    $"<td>{Inline(c.Property.Description ?? string.Empty)}</td></tr>");
            }

            html.AppendLine("</tbody></table>");
            List("Table rules", t.Rules, html);
            List("Referenced by", t.ReferencedBy, html);
            List("Service levels", t.Slas, html);
            if (model is { Sql.Length: > 0 })
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>SQL: <code>{E(model.Path)}</code> ({E(model.Materialization)})</summary><pre>{E(model.Sql.Trim())}</pre></details>");
            }

            html.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>Contract: <code>{E(ProjectRelative(t.Contract.File, projectRoot))}</code></summary><pre>{E(mask(ContractText(t.Contract.File)))}</pre></details>");
            html.AppendLine("</section>");
        }

        html.AppendLine("""
            </main><script>
            document.getElementById('filter').addEventListener('input', e => {
              const q = e.target.value.trim().toLowerCase();
              document.querySelectorAll('section').forEach(s => {
                const show = !q || s.dataset.search.includes(q);
                s.hidden = !show;
                document.querySelector(`nav a[data-table="${s.id}"]`).hidden = !show;
              });
            });
            </script></body></html>
            """);
        return html.ToString();
    }

    /// <summary>Tables as links: to their section of this page when the dictionary has them, else to the lineage.</summary>
    private static string Neighbours(DataDictionary dictionary, IReadOnlyList<string> names, string none) => names.Count == 0
        ? E(none)
        : string.Join(", ", names.Select(n => dictionary.Find(n) is { } table
            ? $"<a href=\"#{E(table.Anchor)}\"><code>{E(n)}</code></a>"
            : $"<a href=\"lineage.html#{E(Uri.EscapeDataString(n.ToLowerInvariant()))}\"><code>{E(n)}</code></a>"));

    private static string ProjectRelative(string file, string root) => Path.GetRelativePath(root, Path.GetFullPath(file)).Replace('\\', '/');

    private static string ContractText(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException e)
        {
            return $"({file} could not be read: {e.Message})";
        }
    }

    private static void List(string title, IReadOnlyList<string> items, StringBuilder html)
    {
        if (items.Count > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p><b>{E(title)}:</b></p><ul>{string.Concat(items.Select(i => $"<li>{Inline(i)}</li>"))}</ul>");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>HTML-encodes text, turning <c>`code`</c> spans into code elements.</summary>
    private static string Inline(string text) => CodeSpan().Replace(E(text), m => $"<code>{m.Groups[1].Value}</code>");

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
