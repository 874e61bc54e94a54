using System.Text;
using System.Text.Json;
using Workbench.Errors;

namespace Workbench.Loading.Sources;

/// <summary>
/// JSON records from a file: a document holding an array of objects (at a path such as <c>data.items</c>), a single
/// object, or NDJSON (one object per line, streamed). Nested objects are flattened into columns joined by a separator
/// (<c>customer__id</c>); arrays stay JSON text. Columns are the union of every record's keys, in first-seen order, so
/// the file is read twice. A line of NDJSON that is not a JSON object is a rejected record, not a failed batch.
/// </summary>
public sealed class JsonRecordSource : IRecordSource
{
    private readonly List<string> _columns;
    private readonly Dictionary<string, int> _index;
    private readonly IEnumerator<(JsonElement? Record, long Line, string Raw, string? Error)> _records;
    private readonly IDisposable? _document;
    private readonly object?[] _values;
    private (JsonElement? Record, long Line, string Raw, string? Error) _current;
    private long _read;
    private readonly long _total;

    private readonly string _separator;

    private JsonRecordSource(List<string> columns, IEnumerable<(JsonElement?, long, string, string?)> records, long total, IDisposable? document, string separator)
    {
        _separator = separator;
        _columns = columns;
        _index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        _records = records.GetEnumerator();
        _document = document;
        _values = new object?[columns.Count];
        _total = total;
    }

    public IReadOnlyList<string> Columns => _columns;

    public int FieldCount => _columns.Count;

    public long Line => _current.Line;

    public double? Progress => _total == 0 ? 1 : (double)_read / _total;

    public string? RecordError => _current.Error;

    public static async Task<JsonRecordSource> OpenAsync(string path, string source, JsonSourceFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.IsLines(path))
        {
            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long count = 0;
            foreach (var (record, _, _, _) in Lines(path))
            {
                count++;
                if (record is { } r)
                {
                    AddColumns(r, string.Empty, format.Separator, columns, seen);
                }
            }

            return new JsonRecordSource(columns, Lines(path), count, null, format.Separator);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RawLoadException(
                $"{source}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]} Nothing was loaded; fix the file (or re-fetch it).",
                source, string.Empty, [], e);
        }

        try
        {
            var records = Locate(document.RootElement, format.RecordsPath, source);
            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in records.Where(r => r.ValueKind == JsonValueKind.Object))
            {
                AddColumns(record, string.Empty, format.Separator, columns, seen);
            }

            var lineStarts = LineStarts(bytes);
            return new JsonRecordSource(columns, Elements(records, bytes, lineStarts), records.Count, document, format.Separator);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public bool Read()
    {
        if (!_records.MoveNext())
        {
            return false;
        }

        _read++;
        _current = _records.Current;
        Array.Clear(_values);
        if (_current.Record is { } record)
        {
            Fill(record, string.Empty);
        }

        return true;

        void Fill(JsonElement element, string prefix)
        {
            foreach (var property in element.EnumerateObject())
            {
                var name = prefix.Length == 0 ? property.Name : prefix + _separator + property.Name;
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    Fill(property.Value, name);
                }
                else if (_index.TryGetValue(name, out var i))
                {
                    _values[i] = Scalar(property.Value);
                }
            }
        }
    }

    public object? GetValue(int index) => _values[index];

    public string RawText() => _current.Raw;

    public void Dispose()
    {
        _records.Dispose();
        _document?.Dispose();
    }

    /// <summary>A JSON value as the loader types it: numbers keep their exact text, arrays stay JSON.</summary>
    private static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value.GetRawText(),
    };

    private static void AddColumns(JsonElement record, string prefix, string separator, List<string> columns, HashSet<string> seen)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in record.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : prefix + separator + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                AddColumns(property.Value, name, separator, columns, seen);
            }
            else if (seen.Add(name))
            {
                columns.Add(name);
            }
        }
    }

    private static List<JsonElement> Locate(JsonElement root, string recordsPath, string source)
    {
        var node = root;
        var walked = new List<string>();
        foreach (var step in recordsPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out var next))
            {
                var keys = node.ValueKind == JsonValueKind.Object ? string.Join(", ", node.EnumerateObject().Select(p => p.Name)) : node.ValueKind.ToString().ToLowerInvariant();
                throw new RawLoadException(
                    $"{source}: the records path '{recordsPath}' does not lead to the records: {(walked.Count == 0 ? "the document" : string.Join('.', walked))} has no '{step}' (it has: {keys}). Nothing was loaded.",
                    source, string.Empty, []);
            }

            walked.Add(step);
            node = next;
        }

        return node.ValueKind switch
        {
            JsonValueKind.Array => node.EnumerateArray().ToList(),
            JsonValueKind.Object => [node],
            _ => throw new RawLoadException(
                $"{source}: the records{(recordsPath.Length == 0 ? string.Empty : $" at '{recordsPath}'")} are a JSON {node.ValueKind.ToString().ToLowerInvariant()}, not an array of objects. Nothing was loaded; give the path to the array.",
                source, string.Empty, []),
        };
    }

    private static IEnumerable<(JsonElement?, long, string, string?)> Elements(List<JsonElement> records, byte[] bytes, List<long> lineStarts)
    {
        var searchFrom = 0L;
        foreach (var record in records)
        {
            var raw = record.GetRawText();
            var text = Encoding.UTF8.GetBytes(raw);
            var offset = IndexOf(bytes, text, searchFrom);
            if (offset >= 0)
            {
                // Records of an array never overlap: the next one starts after this one's text, not inside it (a nested
                // object can have the same text as a later record).
                searchFrom = offset + text.Length;
            }

            var line = offset < 0 ? 0 : 1 + UpperBound(lineStarts, offset);
            yield return record.ValueKind == JsonValueKind.Object
                ? (record, line, raw, null)
                : (null, line, raw, $"a record must be a JSON object, found a {record.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    /// <summary>NDJSON, streamed: each non-empty line is a record; a line that does not parse is a record with an error.</summary>
    private static IEnumerable<(JsonElement?, long, string, string?)> Lines(string path)
    {
        long number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement? record = null;
            string? error = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    record = document.RootElement.Clone();
                }
                else
                {
                    error = $"a record must be a JSON object, found a {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
                }
            }
            catch (JsonException e)
            {
                error = $"not valid JSON at column {(e.BytePositionInLine ?? 0) + 1}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}";
            }

            yield return (record, number, line.TrimStart('\uFEFF'), error);
        }
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    /// <summary>The index of the last line start at or before <paramref name="offset"/>.</summary>
    private static int UpperBound(List<long> starts, long offset)
    {
        var index = starts.BinarySearch(offset);
        return index >= 0 ? index : ~index - 1;
    }

    private static long IndexOf(byte[] bytes, byte[] needle, long from)
    {
        var index = bytes.AsSpan((int)from).IndexOf(needle);
        return index < 0 ? -1 : from + index;
    }
}
