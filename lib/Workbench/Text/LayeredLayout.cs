namespace Workbench.Text;

/// <summary>
/// Places a directed graph's nodes in layers for drawing: each node one layer after the furthest of its inputs (sources
/// in layer 0), ordered within a layer by name. Cycles are broken at the edge that closes them.
/// </summary>
public static class LayeredLayout
{
    /// <summary>Each node's layer and position within it.</summary>
    public static IReadOnlyDictionary<string, (int Layer, int Row)> Place(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges, IComparer<string>? order = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var all = nodes.Distinct(StringComparer.Ordinal).ToList();
        var inputs = all.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            if (inputs.TryGetValue(to, out var list) && inputs.ContainsKey(from) && from != to)
            {
                list.Add(from);
            }
        }

        var layer = new Dictionary<string, int>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        int LayerOf(string node)
        {
            if (layer.TryGetValue(node, out var known))
            {
                return known;
            }

            if (!visiting.Add(node))
            {
                return 0; // a cycle: this edge does not push the node further
            }

            var value = inputs[node].Select(i => visiting.Contains(i) ? 0 : LayerOf(i) + 1).DefaultIfEmpty(0).Max();
            visiting.Remove(node);
            layer[node] = value;
            return value;
        }

        foreach (var node in all)
        {
            LayerOf(node);
        }

        var placed = new Dictionary<string, (int Layer, int Row)>(StringComparer.Ordinal);
        foreach (var group in layer.GroupBy(kv => kv.Value))
        {
            var row = 0;
            foreach (var node in group.Select(kv => kv.Key).Order(order ?? StringComparer.Ordinal))
            {
                placed[node] = (group.Key, row++);
            }
        }

        return placed;
    }
}
