using System.Text;
using CsvHelper;

namespace Workbench.Loading.Sources;

/// <summary>
/// A CSV file as records: RFC 4180 quoting (delimiters, quotes and line breaks inside quotes), UTF-8 with or without BOM.
/// The header is read on opening; the records reader starts at the first <see cref="Read"/>, so a load that only needs
/// the column names (DuckDB reads the rows itself) never pays for it.
/// </summary>
public sealed class CsvRecordSource : IRecordSource
{
    private readonly string _path;
    private readonly CsvSourceFormat _format;
    private readonly long _length;
    private CsvReader? _reader;

    private CsvRecordSource(string path, CsvSourceFormat format, IReadOnlyList<string> columns, long length)
    {
        (_path, _format, _length) = (path, format, length);
        Columns = columns;
    }

    public IReadOnlyList<string> Columns { get; }

    public int FieldCount => Reader.FieldCount;

    public long Line => _reader?.LineNumber ?? 0;

    public double? Progress => _length == 0 ? 1 : _reader is null ? 0 : Math.Min(1, (double)_reader.ByteOffset / _length);

    private CsvReader Reader => _reader ?? throw new InvalidOperationException("Call Read() before reading a record.");

    /// <param name="source">The file as lineage names it, for messages.</param>
    public static Task<CsvRecordSource> OpenAsync(string path, string source, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        cancellationToken.ThrowIfCancellationRequested();
        var length = new FileInfo(path).Length;
        IReadOnlyList<string> columns = format.HasHeader ? CsvHeader.Read(path, format, source) : [];
        return Task.FromResult(new CsvRecordSource(path, format, columns, length));
    }

    public bool Read() => (_reader ??= OpenReader()).Read();

    public object? GetValue(int index) => Reader.GetString(index);

    public bool TryGetUtf8(int index, out ReadOnlySpan<byte> utf8)
    {
        utf8 = Reader.GetSpan(index);
        return true;
    }

    public string RawText() => Encoding.UTF8.GetString(Reader.RawRecord).TrimEnd('\r', '\n');

    public void Dispose() => _reader?.Dispose();

    private CsvReader OpenReader()
    {
        var reader = CsvReader.FromFile(_path, _format.ReaderOptions(_format.HasHeader));
        if (_format.HasHeader)
        {
            reader.ReadHeader(); // the names came from CsvHeader; this moves past them
        }

        return reader;
    }
}
