using System.Data.Common;
using System.Globalization;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Sources;

namespace Workbench.Warehouse;

/// <summary>
/// One open connection to the warehouse, and the engine's adapter: every operation Workbench needs on every engine
/// (statements, results, bulk inserts, a catalog of typed objects, swapping a new table into place, counting inserted
/// rows, extracts when the engine is a source) and every difference between engines (its <see cref="Dialect"/>,
/// <see cref="Capabilities"/>, how its errors point at a line). Code outside this folder never asks which engine it is on.
/// </summary>
public abstract class WarehouseConnection : IAsyncDisposable, IDisposable
{
    private readonly DbConnection _connection;

    protected WarehouseConnection(WarehouseOptions options, DbConnection connection)
    {
        Options = options;
        _connection = connection;
    }

    public WarehouseOptions Options { get; }

    public WarehouseEngine Engine => Options.Engine;

    /// <summary>How this engine writes SQL.</summary>
    public SqlDialect Dialect => SqlDialect.For(Engine);

    /// <summary>What this engine can do that others cannot.</summary>
    public abstract EngineCapabilities Capabilities { get; }

    /// <summary>The open ADO.NET connection, for callers that need the provider's own API.</summary>
    public DbConnection Connection => _connection;

    /// <summary>The transaction statements currently join, if one is open.</summary>
    public DbTransaction? CurrentTransaction { get; private set; }

    /// <summary>Opens the warehouse described by <paramref name="options"/>.</summary>
    public static async Task<WarehouseConnection> OpenAsync(WarehouseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Engine switch
        {
            WarehouseEngine.DuckDb => await DuckDbWarehouse.OpenEngineAsync(options, cancellationToken),
            WarehouseEngine.Postgres => await PostgresWarehouse.OpenEngineAsync(options, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Engine, "Unknown warehouse engine."),
        };
    }

    /// <summary>Quotes an identifier for this engine (both engines use ANSI double quotes).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a schema-qualified name.</summary>
    public static string Quote(TableName table) => Quote(table.Schema) + "." + Quote(table.Name);

    /// <summary>Runs one or more statements and returns the rows affected (engine-reported).</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(sql);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw Describe(e, sql);
        }
    }

    /// <summary>Runs a query and reads at most <paramref name="maxRows"/> rows.</summary>
    public async Task<QueryResult> QueryAsync(string sql, int maxRows = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(sql);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new QueryColumn(reader.GetName(i), reader.GetFieldType(i), reader.GetDataTypeName(i)))
                .ToList();
            var rows = new List<object?[]>();
            var truncated = false;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == maxRows)
                {
                    truncated = true;
                    break;
                }

                var values = new object?[columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
                }

                rows.Add(values);
            }

            return new QueryResult(columns, rows, truncated);
        }
        catch (DbException e)
        {
            throw Describe(e, sql);
        }
    }

    /// <summary>The first value of the first row, converted.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken = default) =>
        (await QueryAsync(sql, 1, cancellationToken)).Scalar<T>();

    /// <summary>Starts a transaction that <see cref="ExecuteAsync"/>, <see cref="QueryAsync"/> and bulk inserts join until it ends.</summary>
    public async Task<WarehouseTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on this warehouse connection; commit or roll it back first.");
        }

        CurrentTransaction = await _connection.BeginTransactionAsync(cancellationToken);
        return new WarehouseTransaction(this, CurrentTransaction);
    }

    internal void EndTransaction() => CurrentTransaction = null;

    /// <summary>
    /// Runs <paramref name="read"/> in a read-only transaction that is rolled back afterwards, so nothing it runs can
    /// change the warehouse: the engine refuses a write (both engines read <c>BEGIN TRANSACTION READ ONLY</c>). Checks,
    /// contract rules and data tests run this way, whatever their SQL says.
    /// </summary>
    public async Task<T> ReadOnlyAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A read-only check cannot run inside an open transaction on this connection; commit or roll it back first.");
        }

        await ExecuteAsync("BEGIN TRANSACTION READ ONLY", cancellationToken);
        T result;
        try
        {
            result = await read(cancellationToken);
        }
        catch
        {
            await RollbackQuietlyAsync();
            throw;
        }

        await ExecuteAsync("ROLLBACK", CancellationToken.None);
        return result;
    }

    /// <summary>Rolls back after a failure without hiding it (a broken connection cannot roll back, and need not).</summary>
    private async Task RollbackQuietlyAsync()
    {
        try
        {
            await ExecuteAsync("ROLLBACK", CancellationToken.None);
        }
        catch (WarehouseException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// The schema an unqualified table name resolves to on this connection: the first schema of PostgreSQL's search
    /// path that exists, DuckDB's current schema (<c>main</c> unless changed). Read once per connection.
    /// </summary>
    public async Task<string> DefaultSchemaAsync(CancellationToken cancellationToken = default) =>
        _defaultSchema ??= await ScalarAsync<string>("SELECT current_schema()", cancellationToken) ?? Dialect.DefaultSchema;

    private string? _defaultSchema;

    public Task CreateSchemaAsync(string schema, CancellationToken cancellationToken = default) =>
        ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}", cancellationToken);

    /// <summary>
    /// The tables and views of <paramref name="schemas"/> with their columns, in one catalog query, and which of the
    /// schemas exist. Names compare case-insensitively.
    /// </summary>
    public async Task<CatalogSnapshot> ReadCatalogAsync(IEnumerable<string> schemas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var wanted = schemas.Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new CatalogSnapshot([], []);
        }

        var rows = await QueryAsync(CatalogSql(wanted, null), cancellationToken: cancellationToken);
        var schemasFound = rows.Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var objects = CatalogObjects(rows);
        return new CatalogSnapshot(schemasFound, objects);
    }

    /// <summary>The table or view <paramref name="table"/> with its columns, or null when it does not exist (case-insensitive).</summary>
    public virtual async Task<CatalogObject?> DescribeAsync(TableName table, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(CatalogSql([table.Schema.ToLowerInvariant()], table), cancellationToken: cancellationToken);
        return CatalogObjects(rows).FirstOrDefault();
    }

    /// <summary>
    /// The catalog query: one row per column of each table and view in <paramref name="schemas"/> (lower-case), or only
    /// <paramref name="only"/>: schema, name, <c>VIEW</c> or <c>BASE TABLE</c>, column, its type as the engine's
    /// information schema spells it, and <c>YES</c>/<c>NO</c> nullable; a schema with no object gives one row of NULLs after
    /// its name; ordered by schema, object, position. Engines whose information schema is slow read their own catalog.
    /// </summary>
    protected virtual string CatalogSql(IReadOnlyList<string> schemas, TableName? only) =>
        $"""
        SELECT s.schema_name, t.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable
        FROM information_schema.schemata AS s
        {(only is null ? "LEFT " : string.Empty)}JOIN information_schema.tables AS t ON t.table_schema = s.schema_name{(only is { } o ? $" AND lower(t.table_name) = lower({Literal(o.Name)})" : string.Empty)}
        LEFT JOIN information_schema.columns AS c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
        WHERE lower(s.schema_name) IN ({string.Join(", ", schemas.Select(Literal))})
        ORDER BY s.schema_name, t.table_name, c.ordinal_position
        """;

    /// <summary>Catalog rows (schema, name, table type, column, data type, nullable; ordered by object and position) as objects.</summary>
    private static List<CatalogObject> CatalogObjects(QueryResult rows) =>
        rows.Rows.Where(r => r[1] is not null)
            .GroupBy(r => ((string)r[0]!, (string)r[1]!))
            .Select(group => new CatalogObject(
                new TableName(group.Key.Item1, group.Key.Item2),
                ((string?)group.First()[2])?.Contains("VIEW", StringComparison.OrdinalIgnoreCase) == true ? CatalogObjectKind.View : CatalogObjectKind.Table,
                group.Where(r => r[3] is not null)
                    .Select(r => new CatalogColumn((string)r[3]!, (string)r[4]!, string.Equals((string?)r[5], "YES", StringComparison.OrdinalIgnoreCase)))
                    .ToList()))
            .ToList();

    public async Task<bool> TableExistsAsync(TableName table, CancellationToken cancellationToken = default) =>
        await DescribeAsync(table, cancellationToken) is not null;

    /// <summary>The columns of a table or view in ordinal order; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> GetColumnsAsync(TableName table, CancellationToken cancellationToken = default) =>
        (await DescribeAsync(table, cancellationToken))?.ColumnNames ?? [];

    /// <summary>The schemas whose names start with <paramref name="prefix"/> (case-insensitive), in this database.</summary>
    public async Task<IReadOnlyList<string>> ListSchemasAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var rows = await QueryAsync(
            $"SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() AND lower(substr(schema_name, 1, {prefix.Length.ToString(CultureInfo.InvariantCulture)})) = lower({Literal(prefix)}) ORDER BY schema_name",
            cancellationToken: cancellationToken);
        return rows.Rows.Select(r => (string)r[0]!).ToList();
    }

    /// <summary>
    /// A fingerprint of a table's or view's rows that does not depend on their order: the row count and a sum of row
    /// hashes, as <c>COUNT:SUM</c>. Two objects with the same rows have the same hash (on the same engine).
    /// </summary>
    public async Task<string> ContentHashAsync(TableName table, CancellationToken cancellationToken = default)
    {
        var row = (await QueryAsync(ContentHashSql(Quote(table)), 1, cancellationToken)).Rows[0];
        return string.Create(CultureInfo.InvariantCulture, $"{Convert.ToInt64(row[0], CultureInfo.InvariantCulture)}:{Convert.ToString(row[1], CultureInfo.InvariantCulture)}");
    }

    /// <summary>The query <see cref="ContentHashAsync"/> runs: one row, the count and an order-independent sum of row hashes.</summary>
    protected abstract string ContentHashSql(string relation);

    /// <summary>
    /// Takes a lock named <paramref name="key"/> that no other connection can hold at the same time (released when the
    /// lease is disposed or the connection ends, so a killed process never leaves it behind), or null when another
    /// holds it. Builds of one environment take it, so one cannot clean up what another is writing.
    /// </summary>
    public virtual Task<IAsyncDisposable?> TryLockAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAsyncDisposable?>(NoLock.Instance); // an embedded engine's file admits one writing process

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) is the infrastructure failing rather than the statement:
    /// the connection or server lost, the disk full, a file that cannot be written. What was not committed is rolled back.
    /// </summary>
    public virtual bool IsInfrastructureFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or TimeoutException or UnauthorizedAccessException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What went wrong in an infrastructure failure, in one line: the innermost cause (a wrapped exception's own message
    /// is usually the least telling part). Adapters say it their engine's way.
    /// </summary>
    public virtual string DescribeFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return $"{innermost.GetType().Name}: {(innermost is WarehouseException w ? w.EngineMessage : innermost.Message).Split('\n')[0].Trim()}";
    }

    /// <summary>Who holds lock <paramref name="key"/> now, in words (its process and since when), or null when the engine cannot say.</summary>
    public virtual Task<string?> DescribeLockHolderAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    private sealed class NoLock : IAsyncDisposable
    {
        public static NoLock Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The tables of <paramref name="schema"/> whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<TableName>> ListTablesAsync(string schema, string prefix, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            $"""
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE lower(table_schema) = lower({Literal(schema)}) AND substr(table_name, 1, {prefix.Length.ToString(CultureInfo.InvariantCulture)}) = {Literal(prefix)}
            ORDER BY table_name
            """,
            cancellationToken: cancellationToken);
        return rows.Rows.Select(r => new TableName((string)r[0]!, (string)r[1]!)).ToList();
    }

    /// <summary>Drops a table or view if it exists; <paramref name="cascade"/> drops what depends on it too.</summary>
    public async Task DropAsync(TableName name, CatalogObjectKind kind, bool cascade = false, CancellationToken cancellationToken = default) =>
        await ExecuteAsync($"DROP {CatalogObject.KeywordOf(kind)} IF EXISTS {Quote(name)}{(cascade ? " CASCADE" : string.Empty)}", cancellationToken);

    /// <summary>
    /// Puts <paramref name="staged"/> in the place of <paramref name="target"/>, inside the caller's transaction (or one
    /// of its own): the old object is dropped, the staged one renamed, and on engines whose views bind to the table
    /// itself the views that read the old one are recreated on the new one, so readers see the old object or the new,
    /// never none. The one way Workbench replaces a table: models, seeds and raw loads all swap with it.
    /// </summary>
    /// <param name="targetKind">What <paramref name="target"/> is now, or null when it does not exist.</param>
    public async Task SwapAsync(TableName staged, CatalogObjectKind stagedKind, TableName target, CatalogObjectKind? targetKind, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(staged.Schema, target.Schema, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Cannot swap {staged} into {target}: a rename stays in its schema.", nameof(staged));
        }

        var own = CurrentTransaction is null ? await BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var views = targetKind is not null && Capabilities.ViewsBindToTables ? await DependentViewsAsync(target, cancellationToken) : [];
            if (targetKind is { } kind)
            {
                await DropAsync(target, kind, cascade: views.Count > 0, cancellationToken);
            }

            await ExecuteAsync($"ALTER {CatalogObject.KeywordOf(stagedKind)} {Quote(staged)} RENAME TO {Quote(target.Name)}", cancellationToken);
            foreach (var view in views)
            {
                await ExecuteAsync(view, cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts counting the rows the current transaction inserts into <paramref name="table"/>, as the engine saw them
    /// (not as the writer thinks it sent them). <paramref name="countRows"/> is a query that counts the inserted rows in
    /// the table, for engines that keep no count of their own.
    /// </summary>
    public virtual async Task<Func<CancellationToken, Task<long>>> CountInsertsAsync(TableName table, string countRows, CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        return async ct => await ScalarAsync<long>(countRows, ct);
    }

    /// <summary>
    /// The records of a query on this connection, typed, for loading from this engine as a source (binary COPY out of
    /// PostgreSQL; a data reader on DuckDB). <paramref name="cursor"/> sees every record. Dispose it before the connection.
    /// </summary>
    public abstract Task<IRecordSource> OpenExtractAsync(string query, CursorTracker? cursor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends rows to an existing table through the engine's bulk path (DuckDB appender, PostgreSQL binary COPY).
    /// <paramref name="columns"/> names the values' order; table columns not named receive NULL. Each row is written
    /// before the next is requested, so a producer may fill the same array for every row.
    /// </summary>
    public abstract Task<long> BulkInsertAsync(
        TableName table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>The engine's own CSV reader for raw batches, when it has one (null: rows are streamed through .NET).</summary>
    internal virtual INativeCsvIngest? NativeCsvIngest => null;

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A TIMESTAMP literal (both engines), to the microsecond.</summary>
    public static string TimestampLiteral(DateTime value) =>
        "TIMESTAMP '" + value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public void Dispose()
    {
        _connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The CREATE VIEW statements of views that depend on <paramref name="table"/> (directly or through other views), in an
    /// order that recreates them; only engines whose views bind to tables (<see cref="EngineCapabilities.ViewsBindToTables"/>) have any.
    /// </summary>
    protected virtual Task<IReadOnlyList<string>> DependentViewsAsync(TableName table, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    protected DbCommand CreateCommand(string sql)
    {
        if (_connection.State is not System.Data.ConnectionState.Open)
        {
            // A connection the server dropped earlier in this run (it stopped, the network went): say so, not "not open".
            throw new WarehouseException(
                $"The connection to the {Options.Role} {Options.Describe()} was lost earlier in this run (the server stopped or the network dropped), " +
                "so nothing more can be done on it; what had not committed was rolled back. Check that the server is up, then run again.",
                sql)
            {
                Unreachable = true,
            };
        }

        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = CurrentTransaction;
        command.CommandTimeout = 0;
        return command;
    }

    /// <summary>Turns an engine exception into one that quotes the engine's message and the statement, and the line it points at.</summary>
    protected virtual WarehouseException Describe(DbException exception, string sql) =>
        new($"The {Engine} warehouse rejected a statement: {exception.Message.Trim()}", sql, exception);
}
