using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Sources;

namespace Workbench.Warehouse;

/// <summary>The embedded DuckDB warehouse: one file, opened by one process at a time.</summary>
public sealed partial class DuckDbWarehouse : WarehouseConnection
{
    private static readonly EngineCapabilities DuckDbCapabilities = new(ConcurrentBuilds: false, ViewsBindToTables: false, CreateTableAsReportsRows: false);

    private DuckDbWarehouse(WarehouseOptions options, DuckDBConnection connection)
        : base(options, connection)
    {
    }

    public override EngineCapabilities Capabilities => DuckDbCapabilities;

    internal override INativeCsvIngest NativeCsvIngest => DuckDbCsvIngest.Instance;

    internal static async Task<WarehouseConnection> OpenEngineAsync(WarehouseOptions options, CancellationToken cancellationToken)
    {
        var path = options.Location;
        if (!string.Equals(path, ":memory:", StringComparison.Ordinal))
        {
            path = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        if (options.ReadOnly && !File.Exists(path))
        {
            throw new FileNotFoundException($"The DuckDB {options.Role} file '{path}' does not exist.", path);
        }

        var connection = new DuckDBConnection($"Data Source={path}{(options.ReadOnly ? ";ACCESS_MODE=READ_ONLY" : string.Empty)}");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (DbException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            throw new WarehouseException(
                $"The DuckDB {options.Role} '{path}' is open in another process (a notebook kernel, a DuckDB shell or another pipeline run). " +
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
        var described = (await DescribeAsync(table, cancellationToken))?.Columns ?? [];
        var sourceIndex = BulkColumnMap.Build(table, described.Select(c => c.Name).ToList(), columns);
        var numeric = described.Select(c => NumericKind(c.DataType)).ToArray();
        var connection = (DuckDBConnection)Connection;
        long count = 0;
        var column = 0;
        try
        {
            using var appender = connection.CreateAppender(table.Schema, table.Name);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var appenderRow = appender.CreateRow();
                for (column = 0; column < sourceIndex.Length; column++)
                {
                    var index = sourceIndex[column];
                    Append(appenderRow, index < 0 ? null : Coerce(row[index], numeric[column]));
                }

                appenderRow.EndRow();
                count++;
            }
        }
        catch (DbException e)
        {
            throw Describe(e, $"-- bulk insert into {table}");
        }
        catch (InvalidOperationException e)
        {
            // The appender refuses a value its column's type cannot hold; what it took before that is written when it closes.
            var target = described[column];
            throw new WarehouseException(
                $"Row {count + 1:N0} of the bulk insert into {table} has a value column {target.Name} ({target.DataType}) cannot hold: {e.Message}. " +
                $"The {count:N0} row(s) before it were written, it and the rows after it were not. Convert the value to the column's type (or fix the source), then insert from that row on.",
                $"-- bulk insert into {table}", e);
        }

        return count;
    }

    /// <summary>The .NET type the appender takes for a numeric column (it converts no number to another type); null for other columns.</summary>
    private static Type? NumericKind(string dataType) => dataType.ToUpperInvariant() switch
    {
        "DOUBLE" or "FLOAT8" => typeof(double),
        "FLOAT" or "REAL" or "FLOAT4" => typeof(float),
        "BIGINT" or "INT8" => typeof(long),
        "INTEGER" or "INT" or "INT4" => typeof(int),
        "SMALLINT" or "INT2" => typeof(short),
        var t when t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal) => typeof(decimal),
        _ => null,
    };

    /// <summary>A number as the column's own type (a decimal measure into a DOUBLE column); anything else as it is.</summary>
    private static object? Coerce(object? value, Type? kind) =>
        kind is null || value is null or DBNull || value.GetType() == kind || value is not (decimal or double or float or long or int or short)
            ? value
            : Convert.ChangeType(value, kind, CultureInfo.InvariantCulture);

    private static void Append(IDuckDBAppenderRow row, object? value)
    {
        _ = value switch
        {
            null or DBNull => row.AppendNullValue(),
            string s => row.AppendValue(s),
            long l => row.AppendValue(l),
            System.Numerics.BigInteger h => row.AppendValue(h),
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

    public override async Task<IRecordSource> OpenExtractAsync(string query, CursorTracker? cursor, CancellationToken cancellationToken = default)
    {
        var command = CreateCommand(query);
        try
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            return new DataReaderRecordSource(reader, cursor, command);
        }
        catch (DbException e)
        {
            await command.DisposeAsync();
            throw Describe(e, query);
        }
    }

    protected override string ContentHashSql(string relation) => $"SELECT COUNT(*), COALESCE(SUM(hash(t)), 0) FROM {relation} AS t";

    /// <summary>DuckDB's own catalog functions: cheaper than its information schema views, with the same type names.</summary>
    /// <summary>
    /// One object, without the catalog query: DuckDB lists columns by binding every view in the database, so one table's
    /// columns come from <c>DESCRIBE</c>, after the table and view lists say whether it exists and what it is.
    /// </summary>
    public override async Task<CatalogObject?> DescribeAsync(TableName table, CancellationToken cancellationToken = default)
    {
        var (schema, name) = (Literal(table.Schema), Literal(table.Name));
        var found = await QueryAsync(
            $"""
            SELECT schema_name, view_name, 'VIEW' FROM duckdb_views()
            WHERE NOT internal AND database_name = current_database() AND lower(schema_name) = lower({schema}) AND lower(view_name) = lower({name})
            UNION ALL
            SELECT schema_name, table_name, 'BASE TABLE' FROM duckdb_tables()
            WHERE database_name = current_database() AND lower(schema_name) = lower({schema}) AND lower(table_name) = lower({name})
            """, maxRows: 1, cancellationToken: cancellationToken);
        if (found.Rows is not [var row, ..])
        {
            return null;
        }

        var actual = new TableName((string)row[0]!, (string)row[1]!);
        var columns = await QueryAsync($"SELECT column_name, column_type, \"null\" FROM (DESCRIBE {Quote(actual)})", cancellationToken: cancellationToken);
        var view = (string)row[2]! == "VIEW";
        return new CatalogObject(actual, view ? CatalogObjectKind.View : CatalogObjectKind.Table,
            columns.Rows.Select(r => new CatalogColumn((string)r[0]!, (string)r[1]!, view || string.Equals((string?)r[2], "YES", StringComparison.OrdinalIgnoreCase))).ToList()); // a view's columns are nullable, as the catalog lists them
    }

    protected override string CatalogSql(IReadOnlyList<string> schemas, TableName? only) =>
        $"""
        SELECT s.schema_name, o.name, o.kind, c.column_name, c.data_type, CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END
        FROM duckdb_schemas() AS s
        {(only is null ? "LEFT " : string.Empty)}JOIN (
            SELECT database_name, schema_name, table_name AS name, 'BASE TABLE' AS kind FROM duckdb_tables()
            UNION ALL SELECT database_name, schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal
        ) AS o ON o.database_name = s.database_name AND o.schema_name = s.schema_name{(only is { } n ? $" AND lower(o.name) = lower({Literal(n.Name)})" : string.Empty)}
        LEFT JOIN duckdb_columns() AS c ON c.database_name = o.database_name AND c.schema_name = o.schema_name AND c.table_name = o.name
        WHERE s.database_name = current_database() AND lower(s.schema_name) IN ({string.Join(", ", schemas.Select(Literal))})
        ORDER BY s.schema_name, o.name, c.column_index
        """;

    /// <summary>DuckDB's message; for a full disk, also what happens to the file and what to free.</summary>
    public override string DescribeFailure(Exception exception)
    {
        var text = base.DescribeFailure(exception);
        return text.Contains("No space left on device", StringComparison.Ordinal)
            ? $"{text.TrimEnd('.')} (the disk of {Options.Location} is full; DuckDB keeps the file at the size it grew to and writes into that space next time, so what it needs is room for its write-ahead log, {Path.GetFileName(Options.Location)}.wal)"
            : text;
    }

    /// <summary>Also DuckDB's own I/O errors (a full disk: "IO Error: ... No space left on device", or a commit that could not write its log).</summary>
    public override bool IsInfrastructureFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DuckDBException && (e.Message.StartsWith("IO Error", StringComparison.Ordinal) || e.Message.Contains("No space left on device", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return base.IsInfrastructureFailure(exception);
    }

    /// <summary>DuckDB names the line of the statement it stopped at: "LINE 3: ...".</summary>
    protected override WarehouseException Describe(DbException exception, string sql) =>
        new($"The DuckDB {Options.Role} rejected a statement: {exception.Message.Trim()}", sql, exception,
            LinePattern().Match(exception.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null)
        {
            WriteRefused = exception.Message.Contains("launched in read-only mode", StringComparison.Ordinal),
        };

    [GeneratedRegex(@"LINE (\d+):")]
    private static partial Regex LinePattern();
}
