namespace Workbench.Loading;

/// <summary>
/// What to extract from a source database: a table or a query, optionally incrementally by a cursor column (rows whose
/// cursor is greater than the largest one loaded before; the cursor is kept in the warehouse's <c>_state</c> table and
/// advances in the same transaction as the batch, so an interrupted load resumes without gaps or duplicates).
/// </summary>
public sealed record DatabaseExtract
{
    /// <summary>A table at the source, as <c>schema.table</c> (or a bare table name).</summary>
    public string? Table { get; init; }

    /// <summary>A query at the source; used when <see cref="Table"/> is not given.</summary>
    public string? Query { get; init; }

    /// <summary>The column that orders new rows (an increasing id or an updated-at timestamp); null extracts everything.</summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// For full (non-incremental) extracts: the logical snapshot this batch is, e.g. the run date. Loading the same
    /// snapshot again is skipped. Defaults to today's date (UTC).
    /// </summary>
    public string? Snapshot { get; init; }

    /// <summary>The SELECT that reads the source.</summary>
    public string BaseQuery() =>
        Table is { } table
            ? "SELECT * FROM " + string.Join('.', table.Split('.').Select(Workbench.Warehouse.WarehouseConnection.Quote))
            : Query ?? throw new ArgumentException("Give a source table or a query to extract.");

    /// <summary>How the source is named in lineage (no credentials).</summary>
    public string Describe() => Table ?? "query:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Query ?? string.Empty)))[..12];
}
