namespace Workbench.Warehouse;

/// <summary>Maps a bulk insert's column order onto the target table's, checking the shape before any row is written.</summary>
internal static class BulkColumnMap
{
    /// <summary>For each table column, the index of its value in the source row, or -1 for NULL.</summary>
    public static int[] Build(TableName table, IReadOnlyList<string> tableColumns, IReadOnlyList<string> sourceColumns)
    {
        if (tableColumns.Count == 0)
        {
            throw new InvalidOperationException($"Cannot bulk-insert into {table}: the table does not exist. Create it first.");
        }

        var unknown = sourceColumns.Where(c => !tableColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot bulk-insert into {table}: it has no column(s) {string.Join(", ", unknown.Select(c => $"'{c}'"))}. " +
                $"Its columns are: {string.Join(", ", tableColumns)}. Add the columns or drop them from the input.");
        }

        return tableColumns
            .Select(c => sourceColumns.ToList().FindIndex(s => string.Equals(s, c, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }
}
