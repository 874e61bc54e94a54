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

    /// <summary>
    /// The lineage page: columns by depth under a header naming their layers, boxes as wide as the longest name, edges
    /// with arrowheads that pass between boxes (never under one), scaled to fit its window. Clicking a model highlights
    /// what it reads and what reads it, and shows its file. Links to the data dictionary and the run's index beside it
    /// are relative, so the folder can be copied anywhere.
    /// </summary>
    /// <param name="dictionaryAnchor">A table's section in the data dictionary beside this page (null: it has none), so a
    /// clicked model links to its columns and contract.</param>
    public static string Html(ModelProject project, DateTimeOffset generatedAt, Func<string, string?>? dictionaryAnchor = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var models = project.InBuildOrder();
        var inputs = models.Select(m => (Model: m.Id.ToString(), Inputs: m.Sources.Concat(m.DependsOn.Select(d => d.ToString())).ToList())).ToList();
        var layout = Text.LayeredLayout.Place(models.SelectMany(m => m.Sources).Concat(models.Select(m => m.Id.ToString())),
            inputs.SelectMany(m => m.Inputs.Select(i => (i, m.Model))));
        var columns = layout.GroupBy(kv => kv.Value.Layer).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.OrderBy(kv => kv.Value.Row).Select(kv => kv.Key).ToList());
        // Labels are monospaced, so a box as wide as the longest name holds every label.
        const int height = 30, columnGap = 80, rowGap = 16, top = 44, left = 20;
        var width = 24 + (int)Math.Ceiling(layout.Keys.Max(n => n.Length) * 7.3);
        int X(int column) => left + (column * (width + columnGap));
        int Y(int row) => top + (row * (height + rowGap));
        var svgWidth = X(columns.Keys.Max() + 1) - columnGap + left;
        var svgHeight = Y(columns.Values.Max(c => c.Count)) + 10;
        var svg = new StringBuilder();
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"head\"/></marker></defs>");
        foreach (var (column, names) in columns)
        {
            var layers = names.Select(n => n[..n.IndexOf('.', StringComparison.Ordinal)]).Distinct(StringComparer.OrdinalIgnoreCase);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"layer\" x=\"{X(column)}\" y=\"{top - 18}\">{E(string.Join(" · ", layers))}</text>");
        }

        foreach (var (model, modelInputs) in inputs)
        {
            var (toColumn, toRow) = layout[model];
            foreach (var input in modelInputs)
            {
                var (fromColumn, fromRow) = layout[input];
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Route(fromColumn, fromRow, toColumn, toRow)}\" class=\"edge\" marker-end=\"url(#arrow)\" data-from=\"{E(input)}\" data-to=\"{E(model)}\"/>");
            }
        }

        var details = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, (column, row)) in layout)
        {
            var model = models.FirstOrDefault(m => string.Equals(m.Id.ToString(), name, StringComparison.OrdinalIgnoreCase));
            var kind = model is null ? "source" : model.Materialization.ToString().ToLowerInvariant();
            var layer = name[..name.IndexOf('.', StringComparison.Ordinal)];
            var tip = model is null ? "source table" : $"{model.Path} · {kind}{(model.Description is null ? string.Empty : " · " + model.Description)}";
            var (x, y) = (X(column), Y(row));
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"node {E(kind)} layer-{E(layer)}\" data-name=\"{E(name)}\"><title>{E(tip)}</title><rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" rx=\"6\"/><text x=\"{x + 10}\" y=\"{y + 19}\">{E(name)}</text></g>");
            var anchor = dictionaryAnchor?.Invoke(name);
            details[name] = model is null
                ? new { kind, path = (string?)null, description = (string?)null, sql = (string?)null, dictionary = anchor }
                : new { kind, path = (string?)model.Path, description = model.Description, sql = (string?)Source(project, model), dictionary = anchor };
        }

        // A long edge runs through each column it crosses at the gap between two boxes nearest its straight line.
        string Route(int fromColumn, int fromRow, int toColumn, int toRow)
        {
            var (sx, sy) = (X(fromColumn) + width, Y(fromRow) + (height / 2));
            var (ex, ey) = (X(toColumn) - 2, Y(toRow) + (height / 2));
            var path = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"M{sx},{sy}"));
            var (cx, cy) = (sx, sy);
            for (var column = fromColumn + 1; column < toColumn; column++)
            {
                var straight = sy + ((ey - sy) * (X(column) - sx) / (double)(ex - sx));
                var gaps = Enumerable.Range(0, columns[column].Count + 1).Select(r => Y(r) - (rowGap / 2));
                var gap = gaps.MinBy(g => Math.Abs(g - straight));
                var (inX, outX) = (X(column) - 8, X(column) + width + 8);
                path.Append(CultureInfo.InvariantCulture, $" C{cx + (columnGap / 2)},{cy} {inX - (columnGap / 2)},{gap} {inX},{gap} L{outX},{gap}");
                (cx, cy) = (outX, gap);
            }

            path.Append(CultureInfo.InvariantCulture, $" C{cx + (columnGap / 2)},{cy} {ex - (columnGap / 2)},{ey} {ex},{ey}");
            return path.ToString();
        }

        var data = System.Text.Json.JsonSerializer.Serialize(details); // default escaping: safe inside a script element
        return $$$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Model lineage</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:1rem;color:#1f2328}
            nav a{margin-right:1rem}
            .graph{width:100%;overflow:hidden}
            svg{width:100%;height:auto;max-width:{{{svgWidth}}}px;display:block}
            .edge{fill:none;stroke:#8c959f;stroke-width:1.4}
            .head{fill:#8c959f}
            .edge.on{stroke:#0969da;stroke-width:2.5}
            .node rect{fill:#f6f8fa;stroke:#8c959f}
            .node.source rect{fill:#fff8c5}
            .node.view rect{stroke-dasharray:4 3}
            .node.on rect{stroke:#0969da;stroke-width:2.5}
            .layer-staging rect{fill:#ddf4ff}.layer-intermediate rect{fill:#eaeef2}.layer-marts rect{fill:#dafbe1}.layer-snapshots rect{fill:#fbefff}
            .node{cursor:pointer}
            .node text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            .layer{font-weight:600;font-size:13px;fill:#57606a;text-transform:uppercase;letter-spacing:.04em}
            #detail{margin-top:1rem;border-top:1px solid #d0d7de;padding-top:.5rem}
            #detail pre{background:#f6f8fa;padding:.75rem;overflow:auto;max-height:28rem}
            </style></head><body>
            <nav><a href="../index.html">Run</a><a href="data-dictionary.html">Data dictionary</a></nav>
            <h1>Model lineage</h1>
            <p>{{{models.Count}}} models from {{{layout.Count - models.Count}}} sources. Generated {{{generatedAt:yyyy-MM-dd HH:mm}}} UTC by <code>workbench models lineage</code>.
            Click a model to highlight what it is built from and what is built from it, and to read its SQL below; dashed boxes are views, yellow ones sources.</p>
            <div class="graph"><svg viewBox="0 0 {{{svgWidth}}} {{{svgHeight}}}" xmlns="http://www.w3.org/2000/svg">{{{svg}}}</svg></div>
            <section id="detail"><p>Click a model to see its SQL.</p></section>
            <script id="models" type="application/json">{{{data}}}</script>
            <script>
            const models=JSON.parse(document.getElementById('models').textContent);
            const edges=[...document.querySelectorAll('.edge')];
            function walk(name,dir,seen){edges.filter(e=>e.dataset[dir==='up'?'to':'from']===name).forEach(e=>{e.classList.add('on');const next=e.dataset[dir==='up'?'from':'to'];if(!seen.has(next)){seen.add(next);walk(next,dir,seen);}});return seen;}
            function text(tag,value){const e=document.createElement(tag);e.textContent=value;return e;}
            function show(name){
              document.querySelectorAll('.on').forEach(x=>x.classList.remove('on'));
              const seen=new Set([name]);walk(name,'up',seen);walk(name,'down',seen);
              document.querySelectorAll('.node').forEach(m=>{if(seen.has(m.dataset.name))m.classList.add('on');});
              const m=models[name],detail=document.getElementById('detail');detail.replaceChildren(text('h2',name));
              detail.append(text('p',m.path?`${m.path} · ${m.kind}${m.description?' · '+m.description:''}`:'a source table, loaded into raw (or a seed)'));
              if(m.dictionary){const p=document.createElement('p'),a=document.createElement('a');a.href='data-dictionary.html#'+encodeURIComponent(m.dictionary);a.textContent='Columns, rules and contract in the data dictionary';p.append(a);detail.append(p);}
              if(m.sql)detail.append(text('pre',m.sql));
            }
            document.querySelectorAll('.node').forEach(n=>n.addEventListener('click',()=>show(n.dataset.name)));
            if(location.hash.length>1&&models[decodeURIComponent(location.hash.slice(1))])show(decodeURIComponent(location.hash.slice(1)));
            </script></body></html>
            """;
    }

    /// <summary>A model's file as written, or its SQL when the file cannot be read.</summary>
    private static string Source(ModelProject project, SqlModel model)
    {
        try
        {
            return File.ReadAllText(Path.Combine(project.Root, model.Path)).ReplaceLineEndings("\n");
        }
        catch (IOException)
        {
            return model.Sql;
        }
    }

    private static string Node(string name) => name.Replace('.', '_').Replace('-', '_');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
