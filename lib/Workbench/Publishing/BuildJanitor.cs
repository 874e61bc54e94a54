using Workbench.History;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Publishing;

/// <summary>
/// Drops build schemas nothing needs: those no environment's last <c>keep</c> publications point at, other than the
/// build in progress. A build that was killed, failed its checks, or has aged out of rollback reach goes this way, so
/// nothing a build leaves behind trips the next one. Runs under the build lock.
/// </summary>
public static class BuildJanitor
{
    public static async Task<IReadOnlyList<string>> CleanAsync(WarehouseConnection warehouse, int keep, string? current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var schemas = await warehouse.ListSchemasAsync(BuildArea.SchemaPrefix, cancellationToken);
        if (schemas.Count == 0)
        {
            return [];
        }

        var needed = await NeededAsync(warehouse, keep, cancellationToken);
        if (current is not null)
        {
            needed.Add(BuildArea.SchemaOf(current));
        }

        var dropped = new List<string>();
        foreach (var schema in schemas.Where(s => !needed.Contains(s)))
        {
            await warehouse.ExecuteAsync($"DROP SCHEMA IF EXISTS {Quote(schema)} CASCADE", cancellationToken);
            dropped.Add(schema);
        }

        return dropped;
    }

    /// <summary>The build schemas any environment's last <paramref name="keep"/> publications point at.</summary>
    private static async Task<HashSet<string>> NeededAsync(WarehouseConnection warehouse, int keep, CancellationToken cancellationToken)
    {
        var needed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!await AuditSchema.HasAsync(warehouse, AuditSchema.Published, cancellationToken))
        {
            return needed;
        }

        var rows = await warehouse.QueryAsync(
            $"""
            SELECT DISTINCT d.version_name
            FROM (SELECT publication_id, ROW_NUMBER() OVER (PARTITION BY environment ORDER BY published_at DESC, publication_id DESC) AS age FROM {Quote(AuditSchema.Publications)}) AS p
            JOIN {Quote(AuditSchema.Published)} AS d ON d.publication_id = p.publication_id
            WHERE p.age <= {Math.Max(1, keep)} AND d.version_name IS NOT NULL
            """,
            cancellationToken: cancellationToken);
        foreach (var row in rows.Rows)
        {
            needed.Add(TableName.Parse((string)row[0]!).Schema);
        }

        return needed;
    }
}
