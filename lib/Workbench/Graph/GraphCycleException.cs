using Workbench.Errors;

namespace Workbench.Graph;

/// <summary>The dependency graph has a cycle; <see cref="Path"/> walks it from a node back to itself.</summary>
public sealed class GraphCycleException : WorkbenchException
{
    public GraphCycleException(IReadOnlyList<string> path)
        : base($"Dependency cycle: {string.Join(" -> ", path)}. Break it by removing one of these references.")
    {
        Path = path;
    }

    public IReadOnlyList<string> Path { get; }
}
