using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Comparing;

/// <summary>
/// Compares two tables on one connection, in SQL both engines run: columns by name and canonical type, row counts,
/// rows matched by key with a full outer join (NULL equals NULL in values; rows whose keys are NULL match nothing),
/// or, without a key, whole rows as multisets (EXCEPT ALL). Values of sensitive columns are masked in the sample.
/// </summary>
public static class TableComparer
{
    private static readonly string[] OneSided = ["l.wb_in_left IS NULL", "r.wb_in_right IS NULL"];

    public static async Task<TableComparison> CompareAsync(
        WarehouseConnection warehouse, TableComparison table, TableName left, TableName right, IReadOnlyList<string> key, IReadOnlySet<string> masked, string leftLabel, string rightLabel,
        int sampleRows = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        var l = await warehouse.DescribeAsync(left, cancellationToken);
        var r = await warehouse.DescribeAsync(right, cancellationToken);
        if (l is null || r is null)
        {
            return table with { Missing = l is null && r is null ? $"in neither {leftLabel} nor {rightLabel}" : l is null ? $"only in {rightLabel} (not built in {leftLabel})" : $"only in {leftLabel} (not in {rightLabel} yet)" };
        }

        var dialect = warehouse.Dialect;
        var rightColumns = r.Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var leftColumns = l.Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var changes = l.Columns.Where(c => !rightColumns.ContainsKey(c.Name)).Select(c => new ColumnChange(c.Name, "added", c.DataType, null))
            .Concat(r.Columns.Where(c => !leftColumns.ContainsKey(c.Name)).Select(c => new ColumnChange(c.Name, "removed", null, c.DataType)))
            .Concat(l.Columns.Where(c => rightColumns.TryGetValue(c.Name, out var other) && dialect.Canonical(c.DataType) != dialect.Canonical(other.DataType))
                .Select(c => new ColumnChange(c.Name, "retyped", c.DataType, rightColumns[c.Name].DataType)))
            .ToList();
        var retyped = changes.Where(c => c.Change == "retyped").Select(c => c.Column).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var common = l.Columns.Where(c => rightColumns.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        var keyed = key.Count > 0 && key.All(k => common.Contains(k, StringComparer.OrdinalIgnoreCase)) ? key : [];
        string Value(string side, string column) => retyped.Contains(column) ? $"CAST({side}.{Quote(column)} AS VARCHAR)" : $"{side}.{Quote(column)}";

        var counts = await warehouse.QueryAsync($"SELECT (SELECT COUNT(*) FROM {Quote(left)}), (SELECT COUNT(*) FROM {Quote(right)})", cancellationToken: cancellationToken);
        table = table with { Columns = changes, LeftRows = Convert.ToInt64(counts.Rows[0][0], CultureInfo.InvariantCulture), RightRows = Convert.ToInt64(counts.Rows[0][1], CultureInfo.InvariantCulture), Key = keyed };
        var compared = common.Where(c => !keyed.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        return keyed.Count > 0
            ? await ByKeyAsync(warehouse, table, left, right, keyed, compared, Value, masked, leftLabel, rightLabel, sampleRows, cancellationToken)
            : await ByRowAsync(warehouse, table, left, right, common, retyped, masked, leftLabel, rightLabel, sampleRows, cancellationToken);
    }

    private static async Task<TableComparison> ByKeyAsync(
        WarehouseConnection warehouse, TableComparison table, TableName left, TableName right, IReadOnlyList<string> key, List<string> compared, Func<string, string, string> value,
        IReadOnlySet<string> masked, string leftLabel, string rightLabel, int sampleRows, CancellationToken cancellationToken)
    {
        var from = $"(SELECT 1 AS wb_in_left, * FROM {Quote(left)}) AS l FULL OUTER JOIN (SELECT 1 AS wb_in_right, * FROM {Quote(right)}) AS r ON {string.Join(" AND ", key.Select(k => $"l.{Quote(k)} = r.{Quote(k)}"))}";
        const string Both = "l.wb_in_left IS NOT NULL AND r.wb_in_right IS NOT NULL";
        string Same(string c) => $"{value("l", c)} IS NOT DISTINCT FROM {value("r", c)}";
        var measures = new List<string>
        {
            Count("r.wb_in_right IS NULL"), Count("l.wb_in_left IS NULL"), Count(Both),
        };
        measures.AddRange(compared.Select(c => Count($"{Both} AND {Same(c)}")));
        var row = (await warehouse.QueryAsync($"SELECT {string.Join(", ", measures)} FROM {from}", cancellationToken: cancellationToken)).Rows[0];
        long At(int i) => row[i] is null ? 0 : Convert.ToInt64(row[i], CultureInfo.InvariantCulture);
        var inBoth = At(2);
        var matches = compared.Select((c, i) => new ColumnMatch(c, At(3 + i), inBoth)).ToList();
        var differing = matches.Where(m => m.Matching != m.Compared).Select(m => m.Column).ToList();
        table = table with { OnlyLeft = At(0), OnlyRight = At(1), InBoth = inBoth, Matches = matches };
        if (table.OnlyLeft + table.OnlyRight == 0 && differing.Count == 0)
        {
            return table;
        }

        var columns = key.Select(k => $"COALESCE(l.{Quote(k)}, r.{Quote(k)}) AS {Quote(k)}")
            .Append($"CASE WHEN r.wb_in_right IS NULL THEN {Literal("only in " + leftLabel)} WHEN l.wb_in_left IS NULL THEN {Literal("only in " + rightLabel)} ELSE 'differs' END AS {Quote("row")}")
            .Concat(differing.SelectMany(c => new[] { $"{value("l", c)} AS {Quote($"{c} ({leftLabel})")}", $"{value("r", c)} AS {Quote($"{c} ({rightLabel})")}" }));
        var where = string.Join(" OR ", OneSided.Concat(differing.Select(c => $"NOT ({Same(c)})")));
        var sample = await warehouse.QueryAsync(
            $"SELECT {string.Join(", ", columns)} FROM {from} WHERE {where} ORDER BY {string.Join(", ", Enumerable.Range(1, key.Count))} LIMIT {sampleRows}", cancellationToken: cancellationToken);
        return table with { Sample = Mask(sample, masked) };
    }

    private static async Task<TableComparison> ByRowAsync(
        WarehouseConnection warehouse, TableComparison table, TableName left, TableName right, List<string> common, HashSet<string> retyped,
        IReadOnlySet<string> masked, string leftLabel, string rightLabel, int sampleRows, CancellationToken cancellationToken)
    {
        var select = string.Join(", ", common.Select(c => retyped.Contains(c) ? $"CAST({Quote(c)} AS VARCHAR) AS {Quote(c)}" : Quote(c)));
        var onlyLeft = $"SELECT {select} FROM {Quote(left)} EXCEPT ALL SELECT {select} FROM {Quote(right)}";
        var onlyRight = $"SELECT {select} FROM {Quote(right)} EXCEPT ALL SELECT {select} FROM {Quote(left)}";
        var counts = (await warehouse.QueryAsync($"SELECT (SELECT COUNT(*) FROM ({onlyLeft}) AS a), (SELECT COUNT(*) FROM ({onlyRight}) AS b)", cancellationToken: cancellationToken)).Rows[0];
        table = table with { OnlyLeft = Convert.ToInt64(counts[0], CultureInfo.InvariantCulture), OnlyRight = Convert.ToInt64(counts[1], CultureInfo.InvariantCulture) };
        if (table.OnlyLeft + table.OnlyRight == 0)
        {
            return table;
        }

        var sample = await warehouse.QueryAsync(
            $"SELECT * FROM (SELECT {Literal("only in " + leftLabel)} AS {Quote("row")}, a.* FROM ({onlyLeft}) AS a UNION ALL SELECT {Literal("only in " + rightLabel)}, b.* FROM ({onlyRight}) AS b) AS d ORDER BY 2 LIMIT {sampleRows}",
            cancellationToken: cancellationToken);
        return table with { Sample = Mask(sample, masked) };
    }

    /// <summary>How many rows meet <paramref name="condition"/>, as a BIGINT on both engines (DuckDB sums to HUGEINT).</summary>
    private static string Count(string condition) => $"CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS BIGINT)";

    /// <summary>The sample with the values of sensitive columns (by source column, on either side) replaced by the mask.</summary>
    private static QueryResult Mask(QueryResult sample, IReadOnlySet<string> masked)
    {
        if (masked.Count == 0)
        {
            return sample;
        }

        var hidden = sample.Columns.Select((c, i) => (i, Source: c.Name.Split(" (")[0])).Where(c => masked.Contains(c.Source)).Select(c => c.i).ToList();
        if (hidden.Count == 0)
        {
            return sample;
        }

        var rows = sample.Rows.Select(row =>
        {
            var copy = (object?[])row.Clone();
            foreach (var i in hidden)
            {
                copy[i] = copy[i] is null ? null : Contracts.SensitiveData.Mask;
            }

            return copy;
        }).ToList();
        return new QueryResult(sample.Columns, rows, sample.Truncated);
    }
}
