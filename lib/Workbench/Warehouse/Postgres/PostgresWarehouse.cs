using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Workbench.Errors;
using Workbench.Loading.Sources;

namespace Workbench.Warehouse;

/// <summary>The PostgreSQL warehouse: a real server, reached through an Npgsql connection string.</summary>
public sealed class PostgresWarehouse : WarehouseConnection
{
    private static readonly EngineCapabilities PostgresCapabilities = new(ConcurrentBuilds: true, ViewsBindToTables: true, CreateTableAsReportsRows: true);

    private PostgresWarehouse(WarehouseOptions options, NpgsqlConnection connection)
        : base(options, connection)
    {
    }

    public override EngineCapabilities Capabilities => PostgresCapabilities;

    internal static async Task<WarehouseConnection> OpenEngineAsync(WarehouseOptions options, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Location);
        if (options.ReadOnly)
        {
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        }

        NpgsqlConnection connection;
        try
        {
            connection = await options.Retry.RunAsync($"the {options.Role} {options.Describe()}", async ct =>
            {
                var connection = new NpgsqlConnection(builder.ConnectionString);
                try
                {
                    try
                    {
                        await connection.OpenAsync(ct);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName && options.CreateIfMissing)
                    {
                        await CreateDatabaseAsync(options.Location, ct);
                        await connection.OpenAsync(ct);
                    }

                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }, IsNotReachableYet, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new WarehouseException(
                $"Cannot connect to the PostgreSQL {options.Role} {options.Describe()}: {ConnectionSecrets.MaskIn(e.Message).TrimEnd('.')}. " +
                (options.Role == WarehouseOptions.SourceRole ? "Nothing was loaded. " : string.Empty) +
                "Check that the server is running and the connection string (host, port, database, user) is right.",
                sql: null,
                e) { Unreachable = true };
        }

        if (connection.PostgreSqlVersion.Major >= 14)
        {
            // A client killed mid-statement (kill -9, a lost CI runner) has its statement cancelled within a second, and
            // its locks released, instead of running on to the end unseen.
            await using var check = new NpgsqlCommand("SET client_connection_check_interval = 1000", connection);
            await check.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgresWarehouse(options, connection);
    }

    /// <summary>
    /// A failure to connect that may pass by itself: refused or timed out (a transient Npgsql failure), the server starting
    /// up or shutting down (57P03), too many connections (53300). Not a wrong password or database.
    /// </summary>
    private static bool IsNotReachableYet(Exception exception) => exception switch
    {
        PostgresException e => e.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections || e.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException e => e.IsTransient,
        _ => false,
    };

    /// <summary>Creates the connection string's database, connecting to the server's maintenance database to do it.</summary>
    private static async Task CreateDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database!;
        builder.Database = "postgres";
        await using var admin = new NpgsqlConnection(builder.ConnectionString);
        await admin.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(database)}", admin);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // another process created it first
        }
    }

    public override async Task<long> BulkInsertAsync(
        TableName table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        BulkColumnMap.Build(table, await GetColumnsAsync(table, cancellationToken), columns);
        var copy = $"COPY {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) FROM STDIN (FORMAT BINARY)";
        var types = await WireTypesAsync(table, columns, cancellationToken);
        var connection = (NpgsqlConnection)Connection;
        try
        {
            return types is null
                ? await ImportAsync(connection, copy, rows, cancellationToken)
                : await CopyAsync(connection, copy, types, rows, cancellationToken);
        }
        catch (DbException e)
        {
            throw Describe(e, copy);
        }
    }

    /// <summary>The wire type of each column, when <see cref="PgBinaryCopyWriter"/> encodes them all; null otherwise.</summary>
    private async Task<PgWireType[]?> WireTypesAsync(TableName table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var described = await QueryAsync(
            $"""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute AS a
            WHERE a.attrelid = to_regclass({Literal(Quote(table))}) AND a.attnum > 0 AND NOT a.attisdropped
            """,
            cancellationToken: cancellationToken);
        var byName = described.Rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.OrdinalIgnoreCase);
        var types = new PgWireType[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (!byName.TryGetValue(columns[i], out var type) || PgBinaryCopyWriter.TypeOf(type) is not { } wire)
            {
                return null;
            }

            types[i] = wire;
        }

        return types;
    }

    /// <summary>Writes the binary COPY format directly: the fast path for the types it knows.</summary>
    private static async Task<long> CopyAsync(NpgsqlConnection connection, string copy, PgWireType[] types, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken);
        long count = 0;
        try
        {
            var writer = new PgBinaryCopyWriter(stream);
            writer.WriteHeader();
            using var enumerator = rows.GetEnumerator();
            int written;
            while ((written = writer.WriteRows(enumerator, types)) > 0)
            {
                count += written;
                cancellationToken.ThrowIfCancellationRequested();
                await writer.FlushIfFullAsync(cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
        catch
        {
            await stream.CancelAsync();
            throw;
        }

        return count;
    }

    /// <summary>Npgsql's binary importer, for column types the direct writer does not encode.</summary>
    private static async Task<long> ImportAsync(NpgsqlConnection connection, string copy, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        // Rows are written synchronously: an awaited write per value costs more than the value itself, and the
        // importer buffers and flushes to the socket on its own.
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            foreach (var value in row)
            {
                Write(importer, value);
            }
        }

        return (long)await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// The rows this transaction inserted, from the server's own count (<c>pg_stat_xact_user_tables</c>), read before and
    /// after the rows are written: counting them would scan the whole table. Stats are not flushed inside a transaction,
    /// so the difference is exact. When the server keeps no counts (<c>track_counts</c> off), the rows are counted.
    /// </summary>
    public override async Task<Func<CancellationToken, Task<long>>> CountInsertsAsync(TableName table, string countRows, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT CASE WHEN current_setting('track_counts') = 'on'
                THEN COALESCE((SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE relid = to_regclass({Literal(Quote(table))})), 0) END
            """;
        if (await ScalarAsync<long?>(sql, cancellationToken) is { } before)
        {
            return async ct => await ScalarAsync<long>(sql, ct) - before;
        }

        return await base.CountInsertsAsync(table, countRows, cancellationToken);
    }

    public override async Task<IRecordSource> OpenExtractAsync(string query, CursorTracker? cursor, CancellationToken cancellationToken = default)
    {
        try
        {
            return await PostgresRecordSource.OpenAsync((NpgsqlConnection)Connection, query, cursor, cancellationToken);
        }
        catch (DbException e)
        {
            throw Describe(e, query);
        }
    }

    protected override string ContentHashSql(string relation) => $"SELECT count(*), COALESCE(sum(hashtextextended(t::text, 0)), 0) FROM {relation} AS t";

    /// <summary>A session-level advisory lock: the server releases it when the connection ends, however the process ended.</summary>
    public override async Task<IAsyncDisposable?> TryLockAsync(string key, CancellationToken cancellationToken = default)
    {
        var id = $"hashtextextended({Literal(key)}, 0)";
        return await ScalarAsync<bool>($"SELECT pg_try_advisory_lock({id})", cancellationToken) ? new Lease(this, id) : null;
    }

    /// <summary>
    /// Also: a lost connection (class 08), the server shutting down (57P), out of disk or memory (53), a broken or
    /// transient Npgsql connection.
    /// </summary>
    public override bool IsInfrastructureFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: var state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)))
            {
                return true;
            }

            if (e is NpgsqlException { IsTransient: true } and not PostgresException)
            {
                return true;
            }
        }

        return base.IsInfrastructureFailure(exception);
    }

    /// <summary>The server's own words when it sent any (SQLSTATE and message), else how the connection ended.</summary>
    public override string DescribeFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException server)
            {
                return $"{server.SqlState} {server.MessageText}";
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is EndOfStreamException or System.Net.Sockets.SocketException or IOException)
            {
                return $"the server closed the connection ({e.Message.Split('\n')[0].Trim().TrimEnd('.')})";
            }
        }

        return base.DescribeFailure(exception);
    }

    /// <summary>The session holding the advisory lock: its process id, client, and when its transaction (or session) started.</summary>
    public override async Task<string?> DescribeLockHolderAsync(string key, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            $"""
            SELECT a.pid, COALESCE(NULLIF(a.application_name, ''), a.client_addr::text, 'a local client'), to_char(COALESCE(a.xact_start, a.backend_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
            FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended({Literal(key)}, 0)
            LIMIT 1
            """, cancellationToken: cancellationToken);
        return rows.Rows is [var row, ..] ? $"server process {row[0]} ({row[1]}), started {row[2]} UTC" : null;
    }

    private sealed class Lease(PostgresWarehouse warehouse, string id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (warehouse.Connection.State == System.Data.ConnectionState.Open)
            {
                await warehouse.ExecuteAsync($"SELECT pg_advisory_unlock({id})");
            }
        }
    }

    /// <summary>PostgreSQL's information schema is slow to query (tens of milliseconds a call): read pg_catalog, with the same type names.</summary>
    protected override string CatalogSql(IReadOnlyList<string> schemas, TableName? only) =>
        $"""
        SELECT n.nspname, c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'VIEW' ELSE 'BASE TABLE' END, a.attname,
            format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END
        FROM pg_namespace AS n
        {(only is null ? "LEFT " : string.Empty)}JOIN pg_class AS c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f'){(only is { } o ? $" AND lower(c.relname) = lower({Literal(o.Name)})" : string.Empty)}
        LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_type AS t ON t.oid = a.atttypid
        WHERE lower(n.nspname) IN ({string.Join(", ", schemas.Select(Literal))})
        ORDER BY n.nspname, c.relname, a.attnum
        """;

    protected override async Task<IReadOnlyList<string>> DependentViewsAsync(TableName table, CancellationToken cancellationToken)
    {
        var views = await QueryAsync(
            $"""
            WITH RECURSIVE dependents(oid, depth) AS (
                SELECT DISTINCT r.ev_class, 1
                FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                WHERE d.refobjid = to_regclass({Literal(Quote(table))}) AND r.ev_class <> d.refobjid
                UNION ALL
                SELECT DISTINCT r.ev_class, dependents.depth + 1
                FROM dependents JOIN pg_depend d ON d.refobjid = dependents.oid JOIN pg_rewrite r ON r.oid = d.objid
                WHERE r.ev_class <> d.refobjid AND dependents.depth < 50
            )
            SELECT n.nspname AS schema_name, c.relname AS view_name, pg_get_viewdef(c.oid) AS definition, MAX(dependents.depth) AS depth
            FROM dependents JOIN pg_class c ON c.oid = dependents.oid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'v'
            GROUP BY n.nspname, c.relname, c.oid
            ORDER BY depth, n.nspname, c.relname
            """,
            cancellationToken: cancellationToken);
        return views.Rows
            .Select(r => $"CREATE VIEW {Quote(new TableName((string)r[0]!, (string)r[1]!))} AS {((string)r[2]!).TrimEnd().TrimEnd(';')}")
            .ToList();
    }

    private static void Write(NpgsqlBinaryImporter importer, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                importer.WriteNull();
                break;
            case string s:
                importer.Write(s, NpgsqlDbType.Text);
                break;
            case long l:
                importer.Write(l, NpgsqlDbType.Bigint);
                break;
            case int i:
                importer.Write(i, NpgsqlDbType.Integer);
                break;
            case decimal d:
                importer.Write(d, NpgsqlDbType.Numeric);
                break;
            case double d:
                importer.Write(d, NpgsqlDbType.Double);
                break;
            case bool b:
                importer.Write(b, NpgsqlDbType.Boolean);
                break;
            case DateOnly d:
                importer.Write(d, NpgsqlDbType.Date);
                break;
            case DateTime { Kind: DateTimeKind.Utc } dt:
                importer.Write(dt, NpgsqlDbType.TimestampTz);
                break;
            case DateTime dt:
                importer.Write(dt, NpgsqlDbType.Timestamp);
                break;
            default:
                importer.Write(value);
                break;
        }
    }

    protected override WarehouseException Describe(DbException exception, string sql)
    {
        if (exception is PostgresException pg)
        {
            // PostgreSQL points at a character of the statement; its line is what a .sql file's reader needs.
            var where = pg.Position > 0 ? $" (at character {pg.Position})" : string.Empty;
            var hint = string.IsNullOrEmpty(pg.Hint) ? string.Empty : $" Hint: {pg.Hint}";
            int? line = pg.Position > 0 && pg.Position <= sql.Length + 1 ? 1 + sql.AsSpan(0, pg.Position - 1).Count('\n') : null;
            return new WarehouseException($"PostgreSQL rejected a statement{where}: {pg.SqlState} {pg.MessageText}.{hint}", sql, exception, line)
            {
                WriteRefused = pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction,
            };
        }

        return base.Describe(exception, sql);
    }
}
