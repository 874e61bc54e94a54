using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Loading;

/// <summary>The raw zone's audit tables: one row per batch, and the rows that could not be loaded.</summary>
internal static class RawControlTables
{
    public static TableName Batches(string schema) => new(schema, "_batches");

    public static TableName Rejects(string schema) => new(schema, "_rejects");

    /// <summary>Incremental sources' cursors: the largest cursor value loaded, per table and source.</summary>
    public static TableName State(string schema) => new(schema, "_state");

    /// <summary>
    /// Makes sure the control tables exist: one catalog query when they do (the DDL costs several round trips on
    /// PostgreSQL, and a notebook may have dropped them since the last batch, so nothing is cached).
    /// </summary>
    public static async Task EnsureAsync(WarehouseConnection warehouse, string schema, CancellationToken cancellationToken)
    {
        var catalog = await warehouse.ReadCatalogAsync([schema], cancellationToken);
        bool Has(TableName table, string column) => catalog.Find(table)?.Column(column) is not null;
        if (!Has(Batches(schema), "notes") || !Has(Rejects(schema), "raw_text") || !Has(State(schema), "cursor_value"))
        {
            await CreateAsync(warehouse, schema, cancellationToken);
        }

        // A first load killed mid-file leaves the table it was staging (DuckDB's reader writes it before the batch's
        // transaction swaps it in). Loads into one schema run one at a time, so any such table now is a leftover.
        foreach (var leftover in catalog.Objects.Where(o => !o.IsView && o.Name.Name.StartsWith(StagePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            await warehouse.DropAsync(leftover.Name, CatalogObjectKind.Table, cancellationToken: cancellationToken);
        }
    }

    /// <summary>How the tables a load stages its rows in before swapping them into place are named: <c>_stage_TABLE_BATCH</c>.</summary>
    public const string StagePrefix = "_stage_";

    private static async Task CreateAsync(WarehouseConnection warehouse, string schema, CancellationToken cancellationToken)
    {
        var text = warehouse.Dialect.TextType;
        await warehouse.CreateSchemaAsync(schema, cancellationToken);
        await warehouse.ExecuteAsync(
            $"""
            CREATE TABLE IF NOT EXISTS {Quote(Batches(schema))} (
                batch_id BIGINT NOT NULL PRIMARY KEY,
                table_name {text} NOT NULL,
                source {text} NOT NULL,
                content_hash {text} NOT NULL,
                status {text} NOT NULL,
                rows_read BIGINT NOT NULL,
                rows_loaded BIGINT NOT NULL,
                rows_rejected BIGINT NOT NULL,
                started_at TIMESTAMP NOT NULL,
                finished_at TIMESTAMP NOT NULL,
                notes {text}
            );
            ALTER TABLE {Quote(Batches(schema))} ADD COLUMN IF NOT EXISTS notes {text};
            CREATE TABLE IF NOT EXISTS {Quote(State(schema))} (
                table_name {text} NOT NULL,
                source {text} NOT NULL,
                cursor_column {text} NOT NULL,
                cursor_value {text},
                batch_id BIGINT NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (table_name, source)
            );
            CREATE TABLE IF NOT EXISTS {Quote(Rejects(schema))} (
                batch_id BIGINT NOT NULL,
                table_name {text} NOT NULL,
                source {text} NOT NULL,
                source_row BIGINT NOT NULL,
                source_line BIGINT NOT NULL,
                column_name {text},
                reason {text} NOT NULL,
                raw_text {text} NOT NULL
            );
            """,
            cancellationToken);
    }
}
