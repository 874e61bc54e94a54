using System.Data.Common;
using System.Globalization;
using Workbench.Errors;

namespace Workbench.Warehouse;

/// <summary>
/// One open connection to the warehouse, with the few operations Workbench needs on every engine:
/// run statements, read results, bulk-insert rows, and look at the catalog. Dialect differences live in the
/// engine subclasses; callers write one code path.
/// </summary>
public abstract class WarehouseConnection : IAsyncDisposable
{
    private readonly DbConnection _connection;

    protected WarehouseConnection(WarehouseOptions options, DbConnection connection)
    {
        Options = options;
        _connection = connection;
    }

    public WarehouseOptions Options { get; }

    public WarehouseEngine Engine => Options.Engine;

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

    public Task CreateSchemaAsync(string schema, CancellationToken cancellationToken = default) =>
        ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}", cancellationToken);

    public async Task<bool> TableExistsAsync(TableName table, CancellationToken cancellationToken = default) =>
        (await GetColumnsAsync(table, cancellationToken)).Count > 0;

    /// <summary>The columns of a table or view in ordinal order; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> GetColumnsAsync(TableName table, CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync(
            $"""
            SELECT column_name FROM information_schema.columns
            WHERE lower(table_schema) = lower({Literal(table.Schema)}) AND lower(table_name) = lower({Literal(table.Name)})
            ORDER BY ordinal_position
            """,
            cancellationToken: cancellationToken);
        return result.Column<string>("column_name");
    }

    /// <summary>
    /// Appends rows to an existing table through the engine's bulk path (DuckDB appender, PostgreSQL binary COPY).
    /// <paramref name="columns"/> names the values' order; table columns not named receive NULL. Each row is written
    /// before the next is requested, so a producer may fill the same array for every row.
    /// </summary>
    public abstract Task<long> BulkInsertAsync(
        TableName table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// The CREATE VIEW statements of views that depend on <paramref name="table"/> (directly or through other views), in an
    /// order that recreates them. Engines that bind views by name (DuckDB) need none; PostgreSQL binds them to the table itself.
    /// </summary>
    public virtual Task<IReadOnlyList<string>> DependentViewsAsync(TableName table, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The engine's name for a text column type.</summary>
    public abstract string TextType { get; }

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

    protected DbCommand CreateCommand(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = CurrentTransaction;
        command.CommandTimeout = 0;
        return command;
    }

    /// <summary>Turns an engine exception into one that quotes the engine's message and the statement.</summary>
    protected virtual WarehouseException Describe(DbException exception, string sql) =>
        new($"The {Engine} warehouse rejected a statement: {exception.Message.Trim()}", sql, exception);
}
