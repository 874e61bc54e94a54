using Workbench.Warehouse;

namespace Workbench.Notebooks.Interactive;

/// <summary>Sequences of records shown in a notebook as a table (<see cref="QueryResultHtml"/>), not as a tree of objects cut after 20.</summary>
public static class TableExtensions
{
    /// <summary>The records as a result, one column per property: <c>batches.Select(b => new { b.Table, b.RowsLoaded }).ToTable()</c>.</summary>
    public static QueryResult ToTable<T>(this IEnumerable<T> records) => QueryResult.Of(records);
}
