using System.Globalization;
using Npgsql;
using Workbench.Loading.Sources;

namespace Workbench.Warehouse;

/// <summary>
/// Rows of a PostgreSQL table or query, extracted with binary COPY (<c>COPY (query) TO STDOUT (FORMAT BINARY)</c>): the
/// fastest way out of PostgreSQL, typed on the wire. Types without a direct .NET mapping are cast to text in the query.
/// </summary>
internal sealed class PostgresRecordSource : IRecordSource
{
    private readonly NpgsqlBinaryExporter _exporter;
    private readonly Func<NpgsqlBinaryExporter, object?>[] _readers;
    private readonly object?[] _values;
    private readonly CursorTracker? _cursor;

    private PostgresRecordSource(NpgsqlBinaryExporter exporter, IReadOnlyList<string> columns, Func<NpgsqlBinaryExporter, object?>[] readers, CursorTracker? cursor)
    {
        _exporter = exporter;
        Columns = columns;
        _readers = readers;
        _values = new object?[columns.Count];
        _cursor = cursor;
        cursor?.Bind(columns);
    }

    public IReadOnlyList<string> Columns { get; }

    public int FieldCount => Columns.Count;

    public long Line => 0;

    public double? Progress => null;

    /// <summary>Starts the extract of <paramref name="query"/> on <paramref name="connection"/>, which stays the caller's.</summary>
    public static async Task<PostgresRecordSource> OpenAsync(NpgsqlConnection connection, string query, CursorTracker? cursor, CancellationToken cancellationToken)
    {
        var (columns, types) = await DescribeAsync(connection, query, cancellationToken);
        var select = string.Join(", ", columns.Select((c, i) => Reader(types[i]) is null ? $"{WarehouseConnection.Quote(c)}::text AS {WarehouseConnection.Quote(c)}" : WarehouseConnection.Quote(c)));
        var exporter = await connection.BeginBinaryExportAsync($"COPY (SELECT {select} FROM ({query}) AS extract) TO STDOUT (FORMAT BINARY)", cancellationToken);
        var readers = types.Select(t => Reader(t) ?? (e => e.Read<string>())).ToArray();
        return new PostgresRecordSource(exporter, columns, readers, cursor);
    }

    public bool Read()
    {
        if (_exporter.StartRow() < 0)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _exporter.IsNull ? Skip(_exporter) : _readers[i](_exporter);
        }

        _cursor?.Observe(_values);
        return true;
    }

    public object? GetValue(int index) => _values[index];

    public string RawText() => string.Join(", ", Columns.Select((c, i) => $"{c}={Convert.ToString(_values[i], CultureInfo.InvariantCulture) ?? "NULL"}"));

    public void Dispose() => _exporter.Dispose();

    private static object? Skip(NpgsqlBinaryExporter exporter)
    {
        exporter.Skip();
        return null;
    }

    private static async Task<(List<string> Columns, List<string> Types)> DescribeAsync(NpgsqlConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT * FROM ({query}) AS extract LIMIT 0", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
        return (columns, types);
    }

    private static Func<NpgsqlBinaryExporter, object?>? Reader(string type) => type switch
    {
        "bigint" => e => e.Read<long>(),
        "integer" => e => e.Read<int>(),
        "smallint" => e => e.Read<short>(),
        "numeric" => e => e.Read<decimal>(),
        "double precision" => e => e.Read<double>(),
        "real" => e => e.Read<float>(),
        "boolean" => e => e.Read<bool>(),
        "text" or "character varying" or "character" => e => e.Read<string>(),
        "date" => e => e.Read<DateOnly>(),
        "timestamp without time zone" => e => e.Read<DateTime>(),
        "timestamp with time zone" => e => e.Read<DateTime>(),
        _ when type.StartsWith("character varying", StringComparison.Ordinal) || type.StartsWith("character(", StringComparison.Ordinal) => e => e.Read<string>(),
        _ when type.StartsWith("numeric", StringComparison.Ordinal) => e => e.Read<decimal>(),
        _ => null,
    };
}
