using Workbench.Warehouse;
using static Workbench.Warehouse.Warehouse;

namespace Workbench.Loading;

/// <summary>The raw zone's audit tables: one row per batch, and the rows that could not be loaded.</summary>
internal static class RawControlTables
{
    public static TableName Batches(string schema) => new(schema, "_batches");

    public static TableName Rejects(string schema) => new(schema, "_rejects");

    /// <summary>Incremental sources' cursors: the largest cursor value loaded, per table and source.</summary>
    public static TableName State(string schema) => new(schema, "_state");

    /// <summary>Warehouses (and schemas) whose control tables this process has already made sure of: DDL costs a round trip or three.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Warehouse.Warehouse, HashSet<string>> Ensured = [];

    public static async Task EnsureAsync(Warehouse.Warehouse warehouse, string schema, CancellationToken cancellationToken)
    {
        var done = Ensured.GetOrCreateValue(warehouse);
        lock (done)
        {
            if (done.Contains(schema) && warehouse.CurrentTransaction is null)
            {
                return;
            }
        }

        await CreateAsync(warehouse, schema, cancellationToken);
        if (warehouse.CurrentTransaction is null)
        {
            lock (done)
            {
                done.Add(schema);
            }
        }
    }

    private static async Task CreateAsync(Warehouse.Warehouse warehouse, string schema, CancellationToken cancellationToken)
    {
        var text = warehouse.TextType;
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
