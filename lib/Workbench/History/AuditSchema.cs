using System.Runtime.CompilerServices;
using Workbench.Warehouse;

namespace Workbench.History;

/// <summary>
/// The <c>audit</c> schema every run writes to, in the warehouse itself: <c>runs</c>, <c>nodes</c> (each load, seed,
/// model, build and step), <c>checks</c> (every check's result with a sample of failing rows), <c>publications</c> and
/// <c>published</c> (each environment's published state over time, for rollback and promotion). Builds never drop it,
/// so the history survives full refreshes and rollbacks.
/// </summary>
public static class AuditSchema
{
    public const string Name = "audit";

    public static TableName Runs { get; } = new(Name, "runs");

    public static TableName Nodes { get; } = new(Name, "nodes");

    public static TableName Checks { get; } = new(Name, "checks");

    public static TableName Publications { get; } = new(Name, "publications");

    public static TableName Published { get; } = new(Name, "published");

    /// <summary>
    /// Creates what is missing, in one catalog read when nothing is: the schema, its tables, and columns a later
    /// Workbench added to a table an earlier one created (added nullable: the rows written before have no value).
    /// </summary>
    public static async Task EnsureAsync(WarehouseConnection warehouse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (Ready.TryGetValue(warehouse, out _))
        {
            return;
        }

        var catalog = await warehouse.ReadCatalogAsync([Name], cancellationToken);
        var tables = Tables(warehouse.Dialect);
        var missing = new List<string>();
        foreach (var (table, columns) in tables)
        {
            if (catalog.Find(table) is not { } existing)
            {
                missing.Add($"CREATE TABLE IF NOT EXISTS {WarehouseConnection.Quote(table)} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.Definition}"))});");
                continue;
            }

            var have = existing.Columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            missing.AddRange(columns.Where(c => !have.Contains(c.Name))
                .Select(c => $"ALTER TABLE {WarehouseConnection.Quote(table)} ADD COLUMN {c.Name} {c.Definition.Replace(" NOT NULL", string.Empty, StringComparison.Ordinal).Replace(" PRIMARY KEY", string.Empty, StringComparison.Ordinal)};"));
        }

        if (missing.Count > 0)
        {
            await warehouse.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Name};\n" + string.Join("\n", missing), cancellationToken);
        }

        if (warehouse.CurrentTransaction is null)
        {
            Ready.AddOrUpdate(warehouse, Ready); // committed: later calls on this connection need no catalog read
        }
    }

    /// <summary>Whether <paramref name="table"/> of this schema exists (without creating it): history is only read where it was written.</summary>
    public static async Task<bool> HasAsync(WarehouseConnection warehouse, TableName table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        return Ready.TryGetValue(warehouse, out _) || await warehouse.DescribeAsync(table, cancellationToken) is not null;
    }

    /// <summary>The connections this process has already brought up to date.</summary>
    private static readonly ConditionalWeakTable<WarehouseConnection, object> Ready = new();

    /// <summary>Each table and its columns (name, type and constraints), in order.</summary>
    private static IReadOnlyList<(TableName Table, (string Name, string Definition)[] Columns)> Tables(SqlDialect d)
    {
        var text = d.TextType;
        var number = d.ColumnType(Contracts.LogicalType.Number);
        return
        [
            (Runs, [("run_id", $"{text} PRIMARY KEY"), ("parent_run_id", text), ("command", $"{text} NOT NULL"), ("project", text), ("environment", text),
                ("warehouse", text), ("git_commit", text), ("parameters", text), ("started_at", "TIMESTAMP NOT NULL"), ("finished_at", "TIMESTAMP"), ("status", $"{text} NOT NULL"), ("error", text)]),
            (Nodes, [("run_id", $"{text} NOT NULL"), ("step", text), ("node", $"{text} NOT NULL"), ("kind", $"{text} NOT NULL"), ("status", $"{text} NOT NULL"),
                ("row_count", "BIGINT"), ("duration_ms", "BIGINT"), ("error", text), ("detail", text), ("recorded_at", "TIMESTAMP NOT NULL"), ("position", "INTEGER NOT NULL")]),
            (Checks, [("run_id", $"{text} NOT NULL"), ("step", text), ("check_name", $"{text} NOT NULL"), ("kind", $"{text} NOT NULL"), ("table_name", text),
                ("status", $"{text} NOT NULL"), ("severity", text), ("measured", number), ("failing_rows", "BIGINT"), ("sample", text), ("location", text), ("message", text),
                ("recorded_at", "TIMESTAMP NOT NULL"), ("position", "INTEGER NOT NULL")]),
            (Publications, [("publication_id", $"{text} PRIMARY KEY"), ("run_id", text), ("environment", $"{text} NOT NULL"), ("kind", $"{text} NOT NULL"),
                ("source", text), ("build_id", text), ("published_at", "TIMESTAMP NOT NULL")]),
            (Published, [("publication_id", $"{text} NOT NULL"), ("object_name", $"{text} NOT NULL"), ("model", text), ("kind", $"{text} NOT NULL"),
                ("version_name", text), ("definition", text), ("row_count", "BIGINT"), ("content_hash", text), ("position", "INTEGER NOT NULL")]),
        ];
    }
}
