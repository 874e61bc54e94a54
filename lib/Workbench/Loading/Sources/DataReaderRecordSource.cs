using System.Data.Common;
using System.Globalization;

namespace Workbench.Loading.Sources;

/// <summary>Rows of a query on a database connection (a DuckDB file, or any ADO.NET source) as records with typed values.</summary>
public sealed class DataReaderRecordSource : IRecordSource
{
    private readonly DbDataReader _reader;
    private readonly IDisposable[] _owned;
    private readonly object?[] _values;
    private readonly CursorTracker? _cursor;

    public DataReaderRecordSource(DbDataReader reader, CursorTracker? cursor, params IDisposable[] owned)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _owned = owned;
        _cursor = cursor;
        Columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        _values = new object?[Columns.Count];
        cursor?.Bind(Columns);
    }

    public IReadOnlyList<string> Columns { get; }

    public int FieldCount => Columns.Count;

    public long Line => 0;

    public double? Progress => null;

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _reader.IsDBNull(i) ? null : _reader.GetValue(i);
        }

        _cursor?.Observe(_values);
        return true;
    }

    public object? GetValue(int index) => _values[index];

    public string RawText() => string.Join(", ", Columns.Select((c, i) => $"{c}={Convert.ToString(_values[i], CultureInfo.InvariantCulture) ?? "NULL"}"));

    public void Dispose()
    {
        _reader.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
