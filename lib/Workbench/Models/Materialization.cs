namespace Workbench.Models;

/// <summary>How a model's query is stored in the warehouse.</summary>
public enum Materialization
{
    /// <summary>A view: always current, computed when read.</summary>
    View,

    /// <summary>A table rebuilt on every run and swapped in atomically.</summary>
    Table,

    /// <summary>
    /// A table built once and then updated: rows past the watermark (<c>-- watermark: updated_at</c>) are appended, or
    /// merged on the unique key (<c>-- unique_key: order_id</c>) when one is given. <c>--full-refresh</c> rebuilds it.
    /// </summary>
    Incremental,

    /// <summary>
    /// Type 2 history of the model's rows by unique key: a changed row closes its current version (valid_to, is_current)
    /// and adds a new one; a row that disappeared is closed out; a row that comes back gets a new version.
    /// </summary>
    Snapshot,
}
