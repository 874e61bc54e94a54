using System.Globalization;
using Workbench.History;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Publishing;

/// <summary>
/// Puts audited versions where readers look, all at once: in one transaction every published name becomes a view over
/// its version (or its live definition, for view models), and the environment's new published state is recorded in
/// <see cref="AuditSchema"/>. Readers see the old state or the new one, never a mix; a process killed at any point
/// leaves the old one. Views that readers built on published objects are recreated where the engine binds them.
/// </summary>
public static class Publisher
{
    /// <summary>The environment's publications, newest first.</summary>
    public static async Task<IReadOnlyList<PublicationRecord>> ListAsync(WarehouseConnection warehouse, string environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!await AuditSchema.HasAsync(warehouse, AuditSchema.Publications, cancellationToken))
        {
            return [];
        }

        var rows = await warehouse.QueryAsync(
            $"SELECT publication_id, run_id, environment, kind, source, build_id, published_at FROM {Quote(AuditSchema.Publications)} WHERE environment = {Literal(environment)} ORDER BY published_at DESC, publication_id DESC",
            cancellationToken: cancellationToken);
        return rows.Rows.Select(r => new PublicationRecord((string)r[0]!, (string?)r[1], (string)r[2]!, (string)r[3]!, (string?)r[4], (string?)r[5], Convert.ToDateTime(r[6], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>What one publication put in place.</summary>
    public static async Task<IReadOnlyList<PublishedRecord>> ObjectsAsync(WarehouseConnection warehouse, string publicationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var rows = await warehouse.QueryAsync(
            $"SELECT object_name, model, kind, version_name, definition, row_count, content_hash FROM {Quote(AuditSchema.Published)} WHERE publication_id = {Literal(publicationId)} ORDER BY position",
            cancellationToken: cancellationToken);
        return rows.Rows.Select(r => new PublishedRecord((string)r[0]!, (string?)r[1], (string)r[2]!, (string?)r[3], (string?)r[4], r[5] is null ? null : Convert.ToInt64(r[5], CultureInfo.InvariantCulture), (string?)r[6])).ToList();
    }

    /// <summary>
    /// Publishes <paramref name="items"/> (in build order: a view is created after what it reads) for
    /// <paramref name="environment"/>. With <paramref name="replaceAll"/> the published state becomes exactly the items
    /// (a rollback), dropping what else was published; otherwise the items replace their names in the current state.
    /// With <paramref name="verify"/>, each table's content hash after the swap must equal the one recorded for it.
    /// </summary>
    public static async Task<PublicationRecord> PublishAsync(
        WarehouseConnection warehouse, string environment, string? runId, string kind, string? source, string? buildId,
        IReadOnlyList<PublishItem> items, bool replaceAll = false, IReadOnlyDictionary<string, string>? verify = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(items);
        await AuditSchema.EnsureAsync(warehouse, cancellationToken);
        var hashes = new Dictionary<TableName, (long Rows, string Hash)>(TableName.Comparer);
        foreach (var item in items.Where(i => i.Version is not null))
        {
            // What is verified after the swap need not be hashed before it too: a mismatch rolls everything back.
            var hash = verify is not null && verify.TryGetValue(item.Published.ToString(), out var expected)
                ? expected
                : await warehouse.ContentHashAsync(item.Version!.Value, cancellationToken);
            hashes[item.Published] = (long.Parse(hash[..hash.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture), hash);
        }

        var current = (await ListAsync(warehouse, environment, cancellationToken)) is [var latest, ..] ? await ObjectsAsync(warehouse, latest.PublicationId, cancellationToken) : [];
        var names = items.Select(i => i.Published).ToHashSet(TableName.Comparer);
        var kept = replaceAll ? [] : current.Where(c => !names.Contains(TableName.Parse(c.Name))).ToList();
        var dropped = replaceAll ? current.Where(c => !names.Contains(TableName.Parse(c.Name))).Select(c => TableName.Parse(c.Name)).ToList() : [];
        var schemas = items.Select(i => i.Published.Schema).Concat(dropped.Select(d => d.Schema)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var catalog = await warehouse.ReadCatalogAsync(schemas, cancellationToken);
        var publication = new PublicationRecord(RunIds.New(), runId, environment, kind, source, buildId, DateTime.UtcNow);

        await using var transaction = await warehouse.BeginTransactionAsync(cancellationToken);
        foreach (var schema in schemas)
        {
            await warehouse.CreateSchemaAsync(schema, cancellationToken);
        }

        foreach (var item in items.OrderBy(i => i.Version is null)) // tables first, then views (in their order), so a view's inputs exist
        {
            var staged = new TableName(item.Published.Schema, item.Published.Name + "__wb_pub");
            await warehouse.DropAsync(staged, CatalogObjectKind.View, cancellationToken: cancellationToken);
            await warehouse.ExecuteAsync($"CREATE VIEW {Quote(staged)} AS {(item.Version is { } version ? $"SELECT * FROM {Quote(version)}" : item.Definition)}", cancellationToken);
            await warehouse.SwapAsync(staged, CatalogObjectKind.View, item.Published, catalog.Find(item.Published)?.Kind, cancellationToken);
        }

        foreach (var name in dropped)
        {
            if (catalog.Find(name) is { } gone)
            {
                await warehouse.DropAsync(name, gone.Kind, cancellationToken: cancellationToken);
            }
        }

        foreach (var (name, expected) in verify ?? new Dictionary<string, string>())
        {
            var actual = await warehouse.ContentHashAsync(TableName.Parse(name), cancellationToken);
            if (actual != expected)
            {
                throw new Errors.PublicationException(
                    $"{name} would not be what was published before: its content hash is {actual}, the publication recorded {expected}. Nothing was changed; " +
                    "the version it points at was modified after it was published. Rebuild instead (workbench build).");
            }
        }

        var records = kept.Concat(items.Select(i => new PublishedRecord(i.Published.ToString(), i.Model, i.Kind == CatalogObjectKind.Table ? "table" : "view",
            i.Version?.ToString(), i.Definition, hashes.TryGetValue(i.Published, out var h) ? h.Rows : null, hashes.TryGetValue(i.Published, out var hh) ? hh.Hash : null))).OrderBy(r => r.Version is null).ToList();
        await RecordAsync(warehouse, publication, records, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return publication;
    }

    private static async Task RecordAsync(WarehouseConnection warehouse, PublicationRecord publication, List<PublishedRecord> records, CancellationToken cancellationToken)
    {
        static string Text(string? value) => value is null ? "NULL" : Literal(value);
        await warehouse.ExecuteAsync(
            $"INSERT INTO {Quote(AuditSchema.Publications)} (publication_id, run_id, environment, kind, source, build_id, published_at) VALUES " +
            $"({Literal(publication.PublicationId)}, {Text(publication.RunId)}, {Literal(publication.Environment)}, {Literal(publication.Kind)}, {Text(publication.Source)}, {Text(publication.BuildId)}, {TimestampLiteral(publication.PublishedAt)})",
            cancellationToken);
        if (records.Count > 0)
        {
            await warehouse.ExecuteAsync(
                $"INSERT INTO {Quote(AuditSchema.Published)} (publication_id, object_name, model, kind, version_name, definition, row_count, content_hash, position) VALUES\n" +
                string.Join(",\n", records.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
                    $"({Literal(publication.PublicationId)}, {Literal(r.Name)}, {Text(r.Model)}, {Literal(r.Kind)}, {Text(r.Version)}, {Text(r.Definition)}, {(r.Rows is { } n ? n.ToString(CultureInfo.InvariantCulture) : "NULL")}, {Text(r.ContentHash)}, {i})"))),
                cancellationToken);
        }
    }
}
