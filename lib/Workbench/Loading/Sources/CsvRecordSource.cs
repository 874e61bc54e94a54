using System.Text;
using CsvHelper;
using Workbench.Errors;

namespace Workbench.Loading.Sources;

/// <summary>A CSV file as records: RFC 4180 quoting (delimiters, quotes and line breaks inside quotes), UTF-8 with or without BOM.</summary>
public sealed class CsvRecordSource : IRecordSource
{
    private readonly CsvReader _reader;
    private readonly long _length;

    private CsvRecordSource(CsvReader reader, IReadOnlyList<string> columns, long length)
    {
        _reader = reader;
        Columns = columns;
        _length = length;
    }

    public IReadOnlyList<string> Columns { get; }

    public int FieldCount => _reader.FieldCount;

    public long Line => _reader.LineNumber;

    public double? Progress => _length == 0 ? 1 : Math.Min(1, (double)_reader.ByteOffset / _length);

    /// <param name="source">The file as lineage names it, for messages.</param>
    public static async Task<CsvRecordSource> OpenAsync(string path, string source, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        var length = new FileInfo(path).Length;
        var reader = CsvReader.FromFile(path, new CsvReaderOptions
        {
            HasHeader = format.HasHeader,
            Separator = format.Delimiter,
            Quote = format.Quote,
            Escape = format.Quote,
            AllowLineBreaksInQuotes = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            TrimWhitespace = false,
        });
        try
        {
            IReadOnlyList<string> columns = format.HasHeader ? await ReadHeaderAsync(reader, source, cancellationToken) : [];
            return new CsvRecordSource(reader, columns, length);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    public bool Read() => _reader.Read();

    public object? GetValue(int index) => _reader.GetString(index);

    public bool TryGetUtf8(int index, out ReadOnlySpan<byte> utf8)
    {
        utf8 = _reader.GetSpan(index);
        return true;
    }

    public string RawText() => Encoding.UTF8.GetString(_reader.RawRecord).TrimEnd('\r', '\n');

    public void Dispose() => _reader.Dispose();

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvReader reader, string source, CancellationToken cancellationToken)
    {
        await reader.ReadHeaderAsync(cancellationToken);
        if (reader.Headers is not { Count: > 0 } header || header.All(string.IsNullOrWhiteSpace))
        {
            throw new RawLoadException($"{source}: the file is empty; a raw CSV needs a header line naming its columns.", source, string.Empty, []);
        }

        return header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
    }
}
