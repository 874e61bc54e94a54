using System.Text;
using CsvHelper;

namespace Workbench.Loading.Sources;

/// <summary>
/// A CSV file as records: RFC 4180 quoting (delimiters, quotes and line breaks inside quotes), in the format's encoding
/// (UTF-8 read as it is; others decoded to UTF-8 as the file is read). The header is read on opening; the records
/// reader starts at the first <see cref="Read"/>, so a load that only needs the column names (DuckDB reads the rows
/// itself) never pays for it. A record longer than the format's line limit is unreadable (<see cref="RecordError"/>).
/// </summary>
public sealed class CsvRecordSource : IRecordSource
{
    private readonly string _path;
    private readonly CsvSourceFormat _format;
    private readonly long _length;
    private readonly long _offset;
    private readonly long _firstLine;
    private CsvReader? _reader;
    private FileStream? _file;

    private CsvRecordSource(string path, CsvSourceFormat format, IReadOnlyList<string> columns, long length, long offset = 0, long firstLine = 1)
    {
        (_path, _format, _length, _offset, _firstLine) = (path, format, length, offset, firstLine);
        Columns = columns;
    }

    public IReadOnlyList<string> Columns { get; }

    public int FieldCount => Reader.FieldCount;

    public long Line => _reader is null ? 0 : _firstLine - 1 + _reader.LineNumber;

    public double? Progress => _length == 0 ? 1 : _reader is null ? 0 : Math.Min(1, (double)(_file?.Position ?? _reader.ByteOffset) / _length);

    public string? RecordError => RecordBytes > _format.MaxLineBytes ? TextRules.LineTooLong(RecordBytes, _format.MaxLineBytes) : null;

    /// <summary>The current record's length in UTF-8 bytes, without its line break.</summary>
    public long RecordBytes
    {
        get
        {
            var raw = Reader.RawRecord;
            var end = raw.Length;
            while (end > 0 && raw[end - 1] is (byte)'\n' or (byte)'\r')
            {
                end--;
            }

            return end;
        }
    }

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

    /// <summary>
    /// The records of a UTF-8 file from a byte offset where a record starts (as an engine's own reader reported it),
    /// numbered from <paramref name="line"/>: how a record another reader rejected is read again the way streaming reads it.
    /// </summary>
    internal static CsvRecordSource OpenAt(string path, CsvSourceFormat format, IReadOnlyList<string> columns, long offset, long line) =>
        format.Encoding.IsUtf8
            ? new CsvRecordSource(path, format, columns, new FileInfo(path).Length, offset, line)
            : throw new ArgumentException("Only a UTF-8 file can be read from a byte offset.", nameof(format));

    public bool Read() => (_reader ??= OpenReader()).Read();

    public object? GetValue(int index) => Reader.GetString(index);

    public bool TryGetUtf8(int index, out ReadOnlySpan<byte> utf8)
    {
        utf8 = Reader.GetSpan(index);
        return true;
    }

    public string RawText() => Encoding.UTF8.GetString(Reader.RawRecord).TrimEnd('\r', '\n');

    public void Dispose()
    {
        _reader?.Dispose();
        _file?.Dispose();
    }

    private CsvReader OpenReader()
    {
        var fromStart = _offset == 0;
        CsvReader reader;
        if (fromStart && _format.Encoding.IsUtf8)
        {
            reader = CsvReader.FromFile(_path, _format.ReaderOptions(_format.HasHeader)); // the reader's own file access is the fastest
        }
        else
        {
            var stream = _format.Encoding.OpenUtf8(_path, out _file);
            _file.Position = _offset;
            reader = CsvReader.Create(stream, _format.ReaderOptions(_format.HasHeader && fromStart), leaveOpen: false);
        }

        if (_format.HasHeader && fromStart)
        {
            reader.ReadHeader(); // the names came from CsvHeader; this moves past them
        }

        return reader;
    }
}
