namespace Workbench.Models;

/// <summary>How a model's query is stored in the warehouse.</summary>
public enum Materialization
{
    /// <summary>A view: always current, computed when read.</summary>
    View,

    /// <summary>A table rebuilt on every run and swapped in atomically.</summary>
    Table,
}
