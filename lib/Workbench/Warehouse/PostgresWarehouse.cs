using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Workbench.Errors;

namespace Workbench.Warehouse;

/// <summary>The PostgreSQL warehouse: a real server, reached through an Npgsql connection string.</summary>
public sealed class PostgresWarehouse : Warehouse
{
    private PostgresWarehouse(WarehouseOptions options, NpgsqlConnection connection)
        : base(options, connection)
    {
    }

    public override string TextType => "TEXT";

    internal static async Task<Warehouse> OpenEngineAsync(WarehouseOptions options, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(options.Location);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            await connection.DisposeAsync();
            throw new WarehouseException(
                $"Cannot connect to the PostgreSQL warehouse {options}: {e.Message} " +
                "Check that the server is running and the connection string (host, port, database, user) is right.",
                sql: null,
                e);
        }

        return new PostgresWarehouse(options, connection);
    }

    public override async Task<long> BulkInsertAsync(
        TableName table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        BulkColumnMap.Build(table, await GetColumnsAsync(table, cancellationToken), columns);
        var copy = $"COPY {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) FROM STDIN (FORMAT BINARY)";
        var connection = (NpgsqlConnection)Connection;
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    await WriteAsync(importer, value, cancellationToken);
                }
            }

            return (long)await importer.CompleteAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw Describe(e, copy);
        }
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) => value switch
    {
        null or DBNull => importer.WriteNullAsync(cancellationToken),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken),
        decimal d => importer.WriteAsync(d, NpgsqlDbType.Numeric, cancellationToken),
        double d => importer.WriteAsync(d, NpgsqlDbType.Double, cancellationToken),
        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken),
        DateOnly d => importer.WriteAsync(d, NpgsqlDbType.Date, cancellationToken),
        DateTime dt when dt.Kind == DateTimeKind.Utc => importer.WriteAsync(dt, NpgsqlDbType.TimestampTz, cancellationToken),
        DateTime dt => importer.WriteAsync(dt, NpgsqlDbType.Timestamp, cancellationToken),
        _ => importer.WriteAsync(value, cancellationToken),
    };

    protected override WarehouseException Describe(DbException exception, string sql)
    {
        if (exception is PostgresException pg)
        {
            var where = pg.Position > 0 ? $" (at character {pg.Position})" : string.Empty;
            var hint = string.IsNullOrEmpty(pg.Hint) ? string.Empty : $" Hint: {pg.Hint}";
            return new WarehouseException($"PostgreSQL rejected a statement{where}: {pg.SqlState} {pg.MessageText}.{hint}", sql, exception);
        }

        return base.Describe(exception, sql);
    }
}
