using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Text;

/// <summary>
/// Draws a Mermaid flowchart (<c>graph</c> / <c>flowchart</c>, any direction) as self-contained SVG, with no script and
/// no network: nodes with their shapes and labels, edges solid, dotted or thick, with labels, chains and <c>&amp;</c>
/// groups. Styling statements (classDef, style, click, subgraph borders) are left out. Other diagram kinds (sequence,
/// gantt, ...) are not drawn: their source is shown with a note saying so.
/// </summary>
public static partial class MermaidSvg
{
    public static string Render(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal)).ToList();
        var header = lines.FirstOrDefault() ?? string.Empty;
        if (HeaderPattern().Match(header) is not { Success: true } match)
        {
            var kind = header.Split(' ', 2)[0];
            return $"<figure class=\"mermaid-source\"><pre>{E(source.Trim())}</pre><figcaption>Mermaid {(kind.Length == 0 ? "(empty)" : E(kind))} diagrams are not drawn offline by Workbench (flowcharts are); this is the diagram's source.</figcaption></figure>";
        }

        var direction = match.Groups[2].Success ? match.Groups[2].Value.ToUpperInvariant() : "TD";
        var graph = new Graph();
        foreach (var statement in lines.Skip(1).SelectMany(l => l.Split(';')).Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            graph.Parse(statement);
        }

        return graph.Draw(direction) + $"<details class=\"mermaid-source\"><summary>Mermaid source</summary><pre>{E(source.Trim())}</pre></details>";
    }

    private sealed record Node(string Id, string Label, string Shape);

    private sealed record Edge(string From, string To, string? Label, string Style, bool Arrow);

    private sealed class Graph
    {
        private static readonly string[] Skipped = ["classDef", "class", "style", "linkStyle", "click", "subgraph", "end", "direction"];
        private readonly List<Node> _nodes = [];
        private readonly List<Edge> _edges = [];

        public void Parse(string statement)
        {
            if (Skipped.Any(s => statement == s || statement.StartsWith(s + " ", StringComparison.Ordinal)))
            {
                return;
            }

            var rest = statement;
            var previous = Nodes(ref rest);
            while (previous.Count > 0 && rest.Length > 0)
            {
                if (EdgePattern().Match(rest) is not { Success: true } edge)
                {
                    return; // not a statement we draw
                }

                rest = rest[edge.Length..];
                var next = Nodes(ref rest);
                var op = edge.Groups["op"].Value + edge.Groups["op2"].Value;
                var label = edge.Groups["label"].Success ? edge.Groups["label"].Value : edge.Groups["pipe"].Success ? edge.Groups["pipe"].Value : null;
                var style = op.Contains('.', StringComparison.Ordinal) ? "dotted" : op.Contains('=', StringComparison.Ordinal) ? "thick" : "solid";
                foreach (var from in previous)
                {
                    foreach (var to in next)
                    {
                        _edges.Add(new Edge(from, to, label?.Trim().Trim('"'), style, op.EndsWith('>') || op.EndsWith('o') || op.EndsWith('x')));
                    }
                }

                previous = next;
            }
        }

        private List<string> Nodes(ref string rest)
        {
            var ids = new List<string>();
            while (NodePattern().Match(rest) is { Success: true } node)
            {
                var id = node.Groups["id"].Value;
                var (shape, text) = Shape(node.Groups["shape"].Value);
                var existing = _nodes.FindIndex(n => n.Id == id);
                if (existing < 0)
                {
                    _nodes.Add(new Node(id, text ?? id, shape));
                }
                else if (text is not null)
                {
                    _nodes[existing] = new Node(id, text, shape);
                }

                ids.Add(id);
                rest = rest[node.Length..];
                if (AmpersandPattern().Match(rest) is { Success: true } and)
                {
                    rest = rest[and.Length..];
                    continue;
                }

                break;
            }

            return ids;
        }

        private static (string Shape, string? Text) Shape(string shape)
        {
            if (shape.Length == 0)
            {
                return ("rect", null);
            }

            (string Open, string Close, string Name)[] kinds = [("((", "))", "circle"), ("([", "])", "stadium"), ("[[", "]]", "rect"), ("[(", ")]", "round"), ("{{", "}}", "hexagon"), ("[", "]", "rect"), ("(", ")", "round"), ("{", "}", "diamond"), (">", "]", "rect")];
            var (open, close, name) = kinds.First(k => shape.StartsWith(k.Open, StringComparison.Ordinal) && shape.EndsWith(k.Close, StringComparison.Ordinal));
            return (name, shape[open.Length..^close.Length].Trim().Trim('"'));
        }

        public string Draw(string direction)
        {
            var order = _nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            var placed = LayeredLayout.Place(_nodes.Select(n => n.Id), _edges.Select(e => (e.From, e.To)), Comparer<string>.Create((a, b) => order[a].CompareTo(order[b])));
            var horizontal = direction is "LR" or "RL";
            var reversed = direction is "RL" or "BT";
            const int height = 36, gap = 60, rowGap = 24;
            var widths = _nodes.ToDictionary(n => n.Id, n => Math.Max(60, (n.Label.Length * 8) + 24), StringComparer.Ordinal);
            var layers = placed.Values.Select(p => p.Layer).DefaultIfEmpty(0).Max() + 1;
            var layerSize = Enumerable.Range(0, layers).Select(l => placed.Where(p => p.Value.Layer == l).Select(p => horizontal ? widths[p.Key] : height).DefaultIfEmpty(0).Max()).ToArray();
            var cell = horizontal ? height + rowGap : widths.Values.DefaultIfEmpty(60).Max() + rowGap;
            var centre = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
            foreach (var (id, (layer, row)) in placed)
            {
                var l = reversed ? layers - 1 - layer : layer;
                var along = 20 + layerSize.Take(l).Sum() + (l * gap) + (layerSize[l] / 2.0);
                var across = 50 + (row * cell) + (cell / 2.0);
                centre[id] = horizontal ? (along, across) : (across, along);
            }

            var rows = placed.Values.GroupBy(p => p.Layer).Select(g => g.Count()).DefaultIfEmpty(1).Max();
            var extentAlong = 40 + layerSize.Sum() + ((layers - 1) * gap);
            var extentAcross = 100 + (rows * cell);
            var (w, h) = horizontal ? (extentAlong, extentAcross) : (extentAcross, extentAlong);
            var svg = new StringBuilder();
            svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"mermaid-drawn\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"system-ui,sans-serif\" font-size=\"13\">");
            svg.Append("<defs><marker id=\"wb-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"/></marker></defs>");
            foreach (var edge in _edges)
            {
                // An edge between neighbouring layers is straight; one that skips layers (or stays in one) bows out,
                // so it does not run under the nodes between its ends.
                var (from, to) = (centre[edge.From], centre[edge.To]);
                var span = Math.Abs(placed[edge.To].Layer - placed[edge.From].Layer);
                var (mx, my) = ((from.X + to.X) / 2, (from.Y + to.Y) / 2);
                var length = Math.Max(1, Math.Sqrt(Math.Pow(to.X - from.X, 2) + Math.Pow(to.Y - from.Y, 2)));
                var bow = span == 1 ? 0 : 30.0 * Math.Max(1, span);
                var control = (X: mx + (-(to.Y - from.Y) / length * bow), Y: my + ((to.X - from.X) / length * bow));
                var (x1, y1) = Border(from, widths[edge.From], height, bow == 0 ? to : control);
                var (x2, y2) = Border(to, widths[edge.To], height, bow == 0 ? from : control);
                var dash = edge.Style == "dotted" ? " stroke-dasharray=\"4 3\"" : string.Empty;
                var stroke = edge.Style == "thick" ? 3 : 1.5;
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"edge\" d=\"M{x1:0.#},{y1:0.#} Q{control.X:0.#},{control.Y:0.#} {x2:0.#},{y2:0.#}\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"{stroke}\"{dash}{(edge.Arrow ? " marker-end=\"url(#wb-arrow)\"" : string.Empty)}/>");
                if (edge.Label is { Length: > 0 } label)
                {
                    var (lx, ly) = ((0.25 * x1) + (0.5 * control.X) + (0.25 * x2), (0.25 * y1) + (0.5 * control.Y) + (0.25 * y2));
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx:0.#}\" y=\"{ly - 4:0.#}\" text-anchor=\"middle\" fill=\"#57606a\" font-size=\"11\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">{E(label)}</text>");
                }
            }

            foreach (var node in _nodes)
            {
                var (x, y) = centre[node.Id];
                var width = widths[node.Id];
                var shape = node.Shape switch
                {
                    "diamond" => string.Create(CultureInfo.InvariantCulture, $"<polygon points=\"{x:0.#},{y - (height / 2.0) - 6:0.#} {x + (width / 2.0):0.#},{y:0.#} {x:0.#},{y + (height / 2.0) + 6:0.#} {x - (width / 2.0):0.#},{y:0.#}\""),
                    _ => string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x - (width / 2.0):0.#}\" y=\"{y - (height / 2.0):0.#}\" width=\"{width}\" height=\"{height}\" rx=\"{node.Shape switch { "round" => 8, "stadium" or "circle" => height / 2, "hexagon" => 4, _ => 2 }}\""),
                };
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node\" data-id=\"{E(node.Id)}\">{shape} fill=\"#f6f8fa\" stroke=\"#8c959f\"/><text x=\"{x:0.#}\" y=\"{y + 4.5:0.#}\" text-anchor=\"middle\" fill=\"#1f2328\">{E(node.Label)}</text></g>");
            }

            return svg.Append("</svg>").ToString();
        }

        /// <summary>Where the line from a node's centre towards <paramref name="towards"/> leaves its box.</summary>
        private static (double X, double Y) Border((double X, double Y) c, int width, int height, (double X, double Y) towards)
        {
            var (dx, dy) = (towards.X - c.X, towards.Y - c.Y);
            if (dx == 0 && dy == 0)
            {
                return c;
            }

            var scale = Math.Min(dx == 0 ? double.MaxValue : (width / 2.0) / Math.Abs(dx), dy == 0 ? double.MaxValue : (height / 2.0) / Math.Abs(dy));
            return (c.X + (dx * scale), c.Y + (dy * scale));
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"^(graph|flowchart)(?:\s+(TD|TB|BT|LR|RL))?\s*;?$", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^\s*(?<id>[A-Za-z0-9_][A-Za-z0-9_\-]*)(?<shape>\(\(.*?\)\)|\(\[.*?\]\)|\[\[.*?\]\]|\[\(.*?\)\]|\{\{.*?\}\}|\[.*?\]|\(.*?\)|\{.*?\}|>.*?\])?")]
    private static partial Regex NodePattern();

    [GeneratedRegex(@"^\s*&\s*")]
    private static partial Regex AmpersandPattern();

    [GeneratedRegex(@"^\s*(?:(?<op>--|==|-\.)\s+(?<label>[^|>]+?)\s+(?<op2>-->|==>|\.->|---|===|\.-)|(?<op><?(?:-\.+->|-\.+-|-{2,}>|={2,}>|-{3,}|={3,}|--o|--x))\s*(?:\|(?<pipe>[^|]*)\|)?)")]
    private static partial Regex EdgePattern();
}
