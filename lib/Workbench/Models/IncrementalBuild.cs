using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>
/// The statements that update an incremental or snapshot model's existing table in place, inside the caller's
/// transaction. Both read the model's rows into a temporary table first, so the model's SQL runs once.
/// </summary>
internal static class IncrementalBuild
{
    public static readonly IReadOnlyList<string> SnapshotColumns = ["valid_from", "valid_to", "is_current"];

    /// <summary>Appends rows past the watermark, or merges on the unique key (delete the old versions, insert the new ones).</summary>
    public static IReadOnlyList<string> Incremental(SqlModel model, TableName target, IReadOnlyList<string> columns)
    {
        var incoming = Incoming(model);
        var filter = model.Watermark is { } watermark
            ? $"\nWHERE (SELECT MAX({Quote(watermark)}) FROM {Quote(target)}) IS NULL OR model.{Quote(watermark)} > (SELECT MAX({Quote(watermark)}) FROM {Quote(target)})"
            : string.Empty;
        var names = string.Join(", ", columns.Select(Quote));
        var statements = new List<string>
        {
            $"DROP TABLE IF EXISTS {incoming}",
            $"CREATE TEMPORARY TABLE {incoming} AS SELECT * FROM (\n{model.Sql}\n) AS model{filter}",
        };
        if (model.UniqueKey.Count > 0)
        {
            statements.Add($"DELETE FROM {Quote(target)} WHERE EXISTS (SELECT 1 FROM {incoming} AS i WHERE {Match("i", Quote(target), model.UniqueKey)})");
        }

        statements.Add($"INSERT INTO {Quote(target)} ({names}) SELECT {names} FROM {incoming}");
        statements.Add($"DROP TABLE {incoming}");
        return statements;
    }

    /// <summary>The first build of a snapshot: every row is current from <paramref name="at"/>.</summary>
    public static string CreateSnapshot(SqlModel model, TableName staging, DateTime at) =>
        $"CREATE TABLE {Quote(staging)} AS SELECT model.*, {Timestamp(at)} AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, TRUE AS is_current FROM (\n{model.Sql}\n) AS model";

    /// <summary>
    /// Closes changed and vanished rows' current versions at <paramref name="at"/> and adds versions for new and changed
    /// rows. A moment built before is undone first (the versions it opened deleted, those it closed reopened), so building
    /// the same run date again with corrected data leaves the history as if only the corrected build had run, and no
    /// version ever ends where it starts. (Building a moment earlier than the latest is not undone: the snapshot
    /// contract's rule that a version ends after it starts catches it in the audit.)
    /// </summary>
    public static IReadOnlyList<string> Snapshot(SqlModel model, TableName target, IReadOnlyList<string> columns, DateTime at)
    {
        var incoming = Incoming(model);
        var table = Quote(target);
        var keys = model.UniqueKey;
        var tracked = columns.Where(c => !keys.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var changed = tracked.Count == 0 ? "FALSE" : string.Join(" OR ", tracked.Select(c => $"i.{Quote(c)} IS DISTINCT FROM {table}.{Quote(c)}"));
        var names = string.Join(", ", columns.Select(Quote));
        return
        [
            $"DROP TABLE IF EXISTS {incoming}",
            $"CREATE TEMPORARY TABLE {incoming} AS SELECT * FROM (\n{model.Sql}\n) AS model",
            $"DELETE FROM {table} WHERE valid_from = {Timestamp(at)}",
            $"UPDATE {table} SET valid_to = NULL, is_current = TRUE WHERE valid_to = {Timestamp(at)}",
            $"UPDATE {table} SET valid_to = {Timestamp(at)}, is_current = FALSE WHERE is_current AND EXISTS (SELECT 1 FROM {incoming} AS i WHERE {Match("i", table, keys)} AND ({changed}))",
            $"UPDATE {table} SET valid_to = {Timestamp(at)}, is_current = FALSE WHERE is_current AND NOT EXISTS (SELECT 1 FROM {incoming} AS i WHERE {Match("i", table, keys)})",
            $"INSERT INTO {table} ({names}, valid_from, valid_to, is_current) SELECT {string.Join(", ", columns.Select(c => "i." + Quote(c)))}, {Timestamp(at)}, NULL, TRUE FROM {incoming} AS i " +
                $"WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.is_current AND {Match("i", "t", keys)})",
            $"DROP TABLE {incoming}",
        ];
    }

    private static string Incoming(SqlModel model) => Quote($"wb_incoming_{model.Id.Schema}_{model.Id.Name}");

    private static string Match(string left, string right, IReadOnlyList<string> keys) =>
        string.Join(" AND ", keys.Select(k => $"{left}.{Quote(k)} = {right}.{Quote(k)}"));

    private static string Timestamp(DateTime at) =>
        "CAST('" + at.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "' AS TIMESTAMP)";
}
