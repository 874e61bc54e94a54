using System.Globalization;
using System.Net;
using System.Text;

namespace Workbench.Models;

/// <summary>
/// The model graph as pictures: Mermaid text (GitHub renders it in READMEs) and a self-contained HTML page with an SVG
/// drawn here (no script from the internet): sources on the left, each model one column right of its deepest input.
/// </summary>
public static class ModelLineage
{
    public static string Mermaid(ModelProject project, IReadOnlySet<ModelId>? only = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var models = project.InBuildOrder(m => only?.Contains(m.Id) ?? true);
        var text = new StringBuilder("flowchart LR\n");
        foreach (var source in models.SelectMany(m => m.Sources).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Node(source)}[({source})]\n");
        }

        foreach (var model in models)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Node(model.Id.ToString())}{(model.Materialization == Materialization.View ? $"[/{model.Id}/]" : $"[{model.Id}]")}\n");
        }

        foreach (var model in models)
        {
            foreach (var input in model.Sources.Concat(model.DependsOn.Where(d => only?.Contains(d) ?? true).Select(d => d.ToString())))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Node(input)} --> {Node(model.Id.ToString())}\n");
            }
        }

        return text.ToString();
    }

    public static string Html(ModelProject project, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(project);
        var models = project.InBuildOrder();
        var inputs = models.Select(m => (Model: m.Id.ToString(), Inputs: m.Sources.Concat(m.DependsOn.Select(d => d.ToString())))).ToList();
        var layout = Text.LayeredLayout.Place(models.SelectMany(m => m.Sources).Concat(models.Select(m => m.Id.ToString())),
            inputs.SelectMany(m => m.Inputs.Select(i => (i, m.Model))));
        var columns = layout.GroupBy(kv => kv.Value.Layer).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
        const int width = 230, height = 30, columnGap = 90, rowGap = 14;
        var position = new Dictionary<string, (int X, int Y)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, (column, row)) in layout)
        {
            position[name] = (20 + (column * (width + columnGap)), 20 + (row * (height + rowGap)));
        }

        var svgWidth = 40 + ((columns.Keys.Max() + 1) * (width + columnGap));
        var svgHeight = 40 + (columns.Values.Max(c => c.Count) * (height + rowGap));
        var svg = new StringBuilder();
        foreach (var model in models)
        {
            var (x2, y2) = position[model.Id.ToString()];
            foreach (var input in model.Sources.Concat(model.DependsOn.Select(d => d.ToString())))
            {
                var (x1, y1) = position[input];
                var (sx, sy, ex, ey) = (x1 + width, y1 + (height / 2), x2, y2 + (height / 2));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{sx},{sy} C{sx + (columnGap / 2)},{sy} {ex - (columnGap / 2)},{ey} {ex},{ey}\" class=\"edge\" data-from=\"{E(input)}\" data-to=\"{E(model.Id.ToString())}\"/>");
            }
        }

        foreach (var (name, (x, y)) in position)
        {
            var model = models.FirstOrDefault(m => string.Equals(m.Id.ToString(), name, StringComparison.OrdinalIgnoreCase));
            var kind = model is null ? "source" : model.Materialization.ToString().ToLowerInvariant();
            var layer = name[..name.IndexOf('.', StringComparison.Ordinal)];
            var tip = model is null ? "source table" : $"{model.Path} · {kind}{(model.Description is null ? string.Empty : " · " + model.Description)}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"node {E(kind)} layer-{E(layer)}\" data-name=\"{E(name)}\"><title>{E(tip)}</title><rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" rx=\"6\"/><text x=\"{x + 10}\" y=\"{y + 19}\">{E(name)}</text></g>");
        }

        return $$$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Model lineage</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:1rem;color:#1f2328}
            .edge{fill:none;stroke:#8c959f;stroke-width:1.4}
            .edge.on{stroke:#0969da;stroke-width:2.5}
            .node rect{fill:#f6f8fa;stroke:#8c959f}
            .node.source rect{fill:#fff8c5}
            .node.view rect{stroke-dasharray:4 3}
            .node.on rect{stroke:#0969da;stroke-width:2.5}
            .layer-staging rect{fill:#ddf4ff}.layer-intermediate rect{fill:#eaeef2}.layer-marts rect{fill:#dafbe1}
            .node{cursor:pointer}
            text{font-size:12px}
            </style></head><body>
            <h1>Model lineage</h1>
            <p>{{{models.Count}}} models from {{{position.Count - models.Count}}} sources. Generated {{{generatedAt:yyyy-MM-dd HH:mm}}} UTC by <code>workbench models lineage</code>.
            Click a model to highlight what it is built from and what is built from it; dashed boxes are views, yellow ones sources.</p>
            <svg width="{{{svgWidth}}}" height="{{{svgHeight}}}" xmlns="http://www.w3.org/2000/svg">{{{svg}}}</svg>
            <script>
            const edges=[...document.querySelectorAll('.edge')];
            function walk(name,dir,seen){edges.filter(e=>e.dataset[dir==='up'?'to':'from']===name).forEach(e=>{e.classList.add('on');const next=e.dataset[dir==='up'?'from':'to'];if(!seen.has(next)){seen.add(next);walk(next,dir,seen);}});return seen;}
            document.querySelectorAll('.node').forEach(n=>n.addEventListener('click',()=>{
              document.querySelectorAll('.on').forEach(x=>x.classList.remove('on'));
              const name=n.dataset.name;const seen=new Set([name]);walk(name,'up',seen);walk(name,'down',seen);
              document.querySelectorAll('.node').forEach(m=>{if(seen.has(m.dataset.name))m.classList.add('on');});
            }));
            </script></body></html>
            """;
    }

    private static string Node(string name) => name.Replace('.', '_').Replace('-', '_');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
