using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Publishing;

/// <summary>
/// Copies a table from one warehouse to another through the engines' own paths (an extract out of the source, the
/// target's bulk insert), its columns typed as the target spells the source's types. Used to promote audited versions
/// between environments that do not share a warehouse, and to bring one side of a diff next to the other.
/// </summary>
public static class TableCopy
{
    /// <summary>Creates <paramref name="to"/> on <paramref name="target"/> with <paramref name="from"/>'s columns and rows; returns the rows copied.</summary>
    public static async Task<long> CopyAsync(WarehouseConnection source, TableName from, WarehouseConnection target, TableName to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var described = await source.DescribeAsync(from, cancellationToken)
            ?? throw new PublicationException($"{from} is not on {source.Options.Role} {source.Options}; nothing was copied. Build it there first.");
        var columns = new List<string>();
        foreach (var column in described.Columns)
        {
            var type = target.Dialect.TranslateType(column.DataType, out var problem);
            if (problem is not null)
            {
                throw new PublicationException($"{from}.{column.Name} is {column.DataType} on {source.Options}, which {target.Engine} cannot hold: {problem}. Nothing was copied.");
            }

            columns.Add($"{Quote(column.Name)} {type}");
        }

        await target.CreateSchemaAsync(to.Schema, cancellationToken);
        await target.ExecuteAsync($"CREATE TABLE {Quote(to)} ({string.Join(", ", columns)})", cancellationToken);
        using var records = await source.OpenExtractAsync($"SELECT * FROM {Quote(from)}", null, cancellationToken);
        return await target.BulkInsertAsync(to, described.Columns.Select(c => c.Name).ToList(), Rows(records), cancellationToken);
    }

    private static IEnumerable<object?[]> Rows(Loading.Sources.IRecordSource records)
    {
        var row = new object?[records.Columns.Count];
        while (records.Read())
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = records.GetValue(i);
            }

            yield return row;
        }
    }
}
