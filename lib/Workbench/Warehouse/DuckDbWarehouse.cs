using System.Data.Common;
using DuckDB.NET.Data;
using Workbench.Errors;

namespace Workbench.Warehouse;

/// <summary>The embedded DuckDB warehouse: one file, opened by one process at a time.</summary>
public sealed class DuckDbWarehouse : WarehouseConnection
{
    private DuckDbWarehouse(WarehouseOptions options, DuckDBConnection connection)
        : base(options, connection)
    {
    }

    public override string TextType => "VARCHAR";

    internal static async Task<WarehouseConnection> OpenEngineAsync(WarehouseOptions options, CancellationToken cancellationToken)
    {
        var path = options.Location;
        if (!string.Equals(path, ":memory:", StringComparison.Ordinal))
        {
            path = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (DbException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            throw new WarehouseException(
                $"The DuckDB warehouse '{path}' is open in another process (a notebook kernel, a DuckDB shell or another pipeline run). " +
                "DuckDB allows one writing process per file: close that process or restart its kernel, then run again.",
                sql: null,
                e);
        }

        return new DuckDbWarehouse(options with { Location = path }, connection);
    }

    public override async Task<long> BulkInsertAsync(
        TableName table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var tableColumns = await GetColumnsAsync(table, cancellationToken);
        var sourceIndex = BulkColumnMap.Build(table, tableColumns, columns);
        var connection = (DuckDBConnection)Connection;
        long count = 0;
        try
        {
            using var appender = connection.CreateAppender(table.Schema, table.Name);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var appenderRow = appender.CreateRow();
                foreach (var index in sourceIndex)
                {
                    Append(appenderRow, index < 0 ? null : row[index]);
                }

                appenderRow.EndRow();
                count++;
            }
        }
        catch (DbException e)
        {
            throw Describe(e, $"-- bulk insert into {table}");
        }

        return count;
    }

    private static void Append(IDuckDBAppenderRow row, object? value)
    {
        _ = value switch
        {
            null or DBNull => row.AppendNullValue(),
            string s => row.AppendValue(s),
            long l => row.AppendValue(l),
            int i => row.AppendValue(i),
            short s => row.AppendValue(s),
            decimal d => row.AppendValue(d),
            double d => row.AppendValue(d),
            float f => row.AppendValue(f),
            bool b => row.AppendValue(b),
            DateTime dt => row.AppendValue(dt),
            DateTimeOffset dto => row.AppendValue(dto),
            DateOnly d => row.AppendValue(d),
            TimeOnly t => row.AppendValue(t),
            TimeSpan t => row.AppendValue(t),
            Guid g => row.AppendValue(g),
            byte[] bytes => row.AppendValue(bytes),
            _ => throw new NotSupportedException($"Values of type {value.GetType()} cannot be bulk-inserted into DuckDB; convert them to a supported type first."),
        };
    }
}
