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

    /// <summary>Creates what is missing, in one round trip when nothing is.</summary>
    public static async Task EnsureAsync(WarehouseConnection warehouse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var catalog = await warehouse.ReadCatalogAsync([Name], cancellationToken);
        if (new[] { Runs, Nodes, Checks, Publications, Published }.All(catalog.Contains))
        {
            return;
        }

        var d = warehouse.Dialect;
        var text = d.TextType;
        var number = d.ColumnType(Contracts.LogicalType.Number);
        await warehouse.ExecuteAsync(
            $"""
            CREATE SCHEMA IF NOT EXISTS {Name};
            CREATE TABLE IF NOT EXISTS {Name}.runs (run_id {text} PRIMARY KEY, parent_run_id {text}, command {text} NOT NULL, project {text}, environment {text},
                warehouse {text}, git_commit {text}, parameters {text}, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status {text} NOT NULL, error {text});
            CREATE TABLE IF NOT EXISTS {Name}.nodes (run_id {text} NOT NULL, step {text}, node {text} NOT NULL, kind {text} NOT NULL, status {text} NOT NULL,
                row_count BIGINT, duration_ms BIGINT, error {text}, detail {text}, recorded_at TIMESTAMP NOT NULL, position INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS {Name}.checks (run_id {text} NOT NULL, step {text}, check_name {text} NOT NULL, kind {text} NOT NULL, table_name {text},
                status {text} NOT NULL, severity {text}, measured {number}, failing_rows BIGINT, sample {text}, location {text}, message {text}, recorded_at TIMESTAMP NOT NULL, position INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS {Name}.publications (publication_id {text} PRIMARY KEY, run_id {text}, environment {text} NOT NULL, kind {text} NOT NULL,
                source {text}, build_id {text}, published_at TIMESTAMP NOT NULL);
            CREATE TABLE IF NOT EXISTS {Name}.published (publication_id {text} NOT NULL, object_name {text} NOT NULL, model {text}, kind {text} NOT NULL,
                version_name {text}, definition {text}, row_count BIGINT, content_hash {text}, position INTEGER NOT NULL);
            """,
            cancellationToken);
    }
}
