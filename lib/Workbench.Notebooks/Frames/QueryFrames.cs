using System.Globalization;
using System.Numerics;
using Microsoft.Data.Analysis;
using Workbench.Contracts;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Notebooks.Frames;

/// <summary>
/// Query results as <see cref="DataFrame"/>s and back: each column typed as its values arrive (integers, decimals,
/// doubles, booleans, timestamps and dates, text), nulls kept; a frame written into the warehouse through the engine's
/// bulk path, its columns typed as the engine spells them; and a bounded HTML table of a frame.
/// </summary>
public static class QueryFrames
{
    /// <summary>The result as a frame: one typed column per result column, in order, nulls kept.</summary>
    public static DataFrame ToDataFrame(this QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = result.Columns.Select((column, i) => Column(column, result.Rows.Select(r => r[i]))).ToList();
        return new DataFrame(columns);
    }

    /// <summary>The frame as a query result (what SQL cells, tables and the warehouse take); its column types as the frame's.</summary>
    public static QueryResult ToQueryResult(this DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.Select(c => new QueryColumn(c.Name, c.DataType, c.DataType.Name)).ToList();
        var rows = new List<object?[]>((int)Math.Min(frame.Rows.Count, int.MaxValue));
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            var row = new object?[frame.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = frame.Columns[c][r];
            }

            rows.Add(row);
        }

        return new QueryResult(columns, rows, truncated: false);
    }

    /// <summary>
    /// Writes the frame into <paramref name="table"/> (created with the engine's types for its columns; replaced when
    /// <paramref name="replace"/>, else it must not exist) through the engine's bulk insert; returns the rows written.
    /// </summary>
    public static async Task<long> WriteAsync(this DataFrame frame, WarehouseConnection warehouse, TableName table, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!replace && await warehouse.DescribeAsync(table, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"{table} already exists in {warehouse.Options}; nothing was written. Pass replace: true to replace it, or write to another name.");
        }

        var definition = string.Join(", ", frame.Columns.Select(c => $"{Quote(c.Name)} {TypeOf(c.DataType, warehouse.Dialect)}"));
        await warehouse.CreateSchemaAsync(table.Schema, cancellationToken);
        await using (var transaction = await warehouse.BeginTransactionAsync(cancellationToken))
        {
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Quote(table)}", cancellationToken);
            await warehouse.ExecuteAsync($"CREATE TABLE {Quote(table)} ({definition})", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var result = frame.ToQueryResult();
        return await warehouse.BulkInsertAsync(table, result.Columns.Select(c => c.Name).ToList(), result.Rows, cancellationToken);
    }

    /// <summary>The first <paramref name="maxRows"/> rows as an HTML table, with the frame's size and column types.</summary>
    public static string ToHtml(this DataFrame frame, int maxRows = 50)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var shown = frame.Rows.Count <= maxRows ? frame : frame.Head(maxRows);
        var table = Interactive.QueryResultHtml.Render(shown.ToQueryResult(), maxRows);
        var types = string.Join(", ", frame.Columns.Select(c => $"{c.Name}: {c.DataType.Name}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"wb-frame\"><p><small>DataFrame: {frame.Rows.Count:N0} rows × {frame.Columns.Count} columns{(frame.Rows.Count > maxRows ? $", the first {maxRows:N0} shown" : string.Empty)} ({System.Net.WebUtility.HtmlEncode(types)})</small></p>{table}</div>");
    }

    private static DataFrameColumn Column(QueryColumn column, IEnumerable<object?> values)
    {
        var type = Nullable.GetUnderlyingType(column.ClrType) ?? column.ClrType;
        var list = values.ToList();
        return type switch
        {
            _ when type == typeof(long) => new Int64DataFrameColumn(column.Name, list.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(int) => new Int32DataFrameColumn(column.Name, list.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort) => new Int32DataFrameColumn(column.Name, list.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(uint) || type == typeof(ulong) || type == typeof(BigInteger) || type == typeof(UInt128) || type == typeof(Int128) || type == typeof(decimal)
                => new DecimalDataFrameColumn(column.Name, list.Select(v => v is null ? (decimal?)null : v is BigInteger b ? (decimal)b : Convert.ToDecimal(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(double) => new DoubleDataFrameColumn(column.Name, list.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(float) => new SingleDataFrameColumn(column.Name, list.Select(v => v is null ? (float?)null : Convert.ToSingle(v, CultureInfo.InvariantCulture))),
            _ when type == typeof(bool) => new BooleanDataFrameColumn(column.Name, list.Select(v => (bool?)v)),
            _ when type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(DateTimeOffset)
                => new DateTimeDataFrameColumn(column.Name, list.Select(v => v switch { null => (DateTime?)null, DateOnly d => d.ToDateTime(TimeOnly.MinValue), DateTimeOffset o => o.UtcDateTime, _ => Convert.ToDateTime(v, CultureInfo.InvariantCulture) })),
            _ => new StringDataFrameColumn(column.Name, list.Select(v => v switch { null => null, string s => s, IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => v.ToString() })),
        };
    }

    /// <summary>The engine's column type for a frame column's .NET type.</summary>
    private static string TypeOf(Type type, SqlDialect dialect) => type switch
    {
        _ when type == typeof(long) => dialect.ColumnType(LogicalType.Integer),
        _ when type == typeof(int) || type == typeof(short) || type == typeof(byte) => dialect.ColumnType(LogicalType.Integer, "i32"),
        _ when type == typeof(decimal) => "DECIMAL(38, 10)",
        _ when type == typeof(double) => dialect.ColumnType(LogicalType.Number),
        _ when type == typeof(float) => dialect.ColumnType(LogicalType.Number, "f32"),
        _ when type == typeof(bool) => dialect.ColumnType(LogicalType.Boolean),
        _ when type == typeof(DateTime) => dialect.ColumnType(LogicalType.Timestamp),
        _ => dialect.ColumnType(LogicalType.String),
    };
}
