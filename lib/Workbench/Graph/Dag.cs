namespace Workbench.Graph;

/// <summary>
/// A small directed acyclic graph of nodes with dependency edges (<c>from</c> depends on <c>to</c>).
/// Topological order is deterministic (ties broken by the comparer's order); a cycle is reported with its path.
/// </summary>
public sealed class Dag<T>
    where T : notnull
{
    private readonly SortedDictionary<T, SortedSet<T>> _upstream;
    private readonly IComparer<T> _comparer;

    public Dag(IComparer<T> comparer)
    {
        _comparer = comparer;
        _upstream = new SortedDictionary<T, SortedSet<T>>(comparer);
    }

    public IEnumerable<T> Nodes => _upstream.Keys;

    public void Add(T node)
    {
        if (!_upstream.ContainsKey(node))
        {
            _upstream[node] = new SortedSet<T>(_comparer);
        }
    }

    /// <summary>Records that <paramref name="node"/> depends on <paramref name="dependency"/>; both must have been added.</summary>
    public void AddEdge(T node, T dependency)
    {
        if (!_upstream.TryGetValue(node, out var deps))
        {
            throw new KeyNotFoundException($"Cannot add the edge {node} -> {dependency}: '{node}' is not in the graph.");
        }

        if (!_upstream.ContainsKey(dependency))
        {
            throw new KeyNotFoundException($"Cannot add the edge {node} -> {dependency}: '{dependency}' is not in the graph.");
        }

        deps.Add(dependency);
    }

    public IReadOnlyCollection<T> Upstream(T node) => _upstream[node];

    public IEnumerable<T> Downstream(T node) => _upstream.Where(kv => kv.Value.Contains(node)).Select(kv => kv.Key);

    /// <summary>Every node reachable downstream of <paramref name="node"/> (not including it).</summary>
    public IReadOnlySet<T> Descendants(T node) => Reach(node, Downstream);

    /// <summary>Every node <paramref name="node"/> depends on, directly or through others (not including it).</summary>
    public IReadOnlySet<T> Ancestors(T node) => Reach(node, Upstream);

    private static HashSet<T> Reach(T node, Func<T, IEnumerable<T>> next)
    {
        var seen = new HashSet<T>();
        var queue = new Queue<T>([node]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var neighbour in next(current).Where(seen.Add))
            {
                queue.Enqueue(neighbour);
            }
        }

        return seen;
    }

    /// <summary>Dependencies before dependents. Throws <see cref="GraphCycleException"/> naming the cycle's path.</summary>
    public IReadOnlyList<T> TopologicalOrder()
    {
        var order = new List<T>();
        var state = new Dictionary<T, bool>(); // false = on the current path, true = done
        var path = new List<T>();

        void Visit(T node)
        {
            if (state.TryGetValue(node, out var done))
            {
                if (!done)
                {
                    var cycle = path.Skip(path.IndexOf(node)).Append(node).Select(n => n.ToString()!).ToList();
                    throw new GraphCycleException(cycle);
                }

                return;
            }

            state[node] = false;
            path.Add(node);
            foreach (var dependency in _upstream[node])
            {
                Visit(dependency);
            }

            path.RemoveAt(path.Count - 1);
            state[node] = true;
            order.Add(node);
        }

        foreach (var node in _upstream.Keys)
        {
            Visit(node);
        }

        return order;
    }
}
