namespace Workbench.Loading.Sources;

/// <summary>
/// Reads again, the way streaming reads them, records an engine's own CSV reader rejected, from the byte offsets it
/// reported (in increasing order). An offset is trusted only where a line starts (DuckDB's count from 1, so the byte
/// before is tried first); otherwise the file is read from the start up to the record's number. Lines are counted in
/// the file's bytes, so a record's line is its first physical line, as streaming reports it.
/// </summary>
internal sealed class CsvRecordRereader(string path, CsvSourceFormat format, IReadOnlyList<string> columns) : IDisposable
{
    private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    private readonly byte[] _buffer = new byte[1 << 16];
    private CsvRecordSource? _current;
    private CsvRecordSource? _scan;
    private long _scanRow;
    private (long Offset, long Lines) _counted = (0, 0);

    /// <summary>The record (already read) that starts near <paramref name="reportedOffset"/> and is record
    /// <paramref name="sourceRow"/> of the file, or null when the file ends before it.</summary>
    public CsvRecordSource? At(long reportedOffset, long sourceRow)
    {
        _current?.Dispose();
        _current = null;
        foreach (var offset in new[] { reportedOffset - 1, reportedOffset })
        {
            if (offset >= 0 && offset < _file.Length && (offset == 0 ? !format.HasHeader : ByteAt(offset - 1) == (byte)'\n'))
            {
                _current = CsvRecordSource.OpenAt(path, format, columns, offset, 1 + NewlinesBefore(offset));
                return _current.Read() ? _current : null;
            }
        }

        return AtRow(sourceRow);
    }

    public void Dispose()
    {
        _current?.Dispose();
        _scan?.Dispose();
        _file.Dispose();
    }

    /// <summary>Record <paramref name="sourceRow"/> of the file (already read), reading on from the last one asked for
    /// (or from the start), or null when the file ends before it.</summary>
    public CsvRecordSource? AtRow(long sourceRow)
    {
        if (_scan is null || _scanRow > sourceRow)
        {
            _scan?.Dispose();
            _scan = CsvRecordSource.OpenAsync(path, path, format, CancellationToken.None).GetAwaiter().GetResult();
            _scanRow = 0;
        }

        while (_scanRow < sourceRow)
        {
            if (!_scan.Read())
            {
                return null;
            }

            _scanRow++;
        }

        return _scan;
    }

    private int ByteAt(long offset)
    {
        _file.Position = offset;
        return _file.ReadByte();
    }

    /// <summary>Line breaks in the file before <paramref name="offset"/>, counted on from the last offset asked for.</summary>
    private long NewlinesBefore(long offset)
    {
        if (offset < _counted.Offset)
        {
            _counted = (0, 0);
        }

        _file.Position = _counted.Offset;
        var lines = _counted.Lines;
        var left = offset - _counted.Offset;
        while (left > 0)
        {
            var read = _file.Read(_buffer, 0, (int)Math.Min(_buffer.Length, left));
            if (read == 0)
            {
                break;
            }

            lines += _buffer.AsSpan(0, read).Count((byte)'\n');
            left -= read;
        }

        _counted = (offset, lines);
        return lines;
    }
}
