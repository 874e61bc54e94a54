namespace Workbench.Loading.Sources;

/// <summary>
/// Records of one batch as the raw loader reads them: the source's column names, then one record at a time. Values are
/// text for file sources (CSV fields, JSON scalars) and typed for database sources; the loader types both by the contract.
/// </summary>
public interface IRecordSource : IDisposable
{
    /// <summary>The source's column names, in field order. Empty when the source names none (a CSV without header).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Moves to the next record; false at the end.</summary>
    bool Read();

    /// <summary>The number of fields of the current record (may differ from <see cref="Columns"/> for broken records).</summary>
    int FieldCount { get; }

    /// <summary>The value of field <paramref name="index"/> of the current record; null for a missing value.</summary>
    object? GetValue(int index);

    /// <summary>The line the current record starts at, for messages and rejects (0 when the source has no lines).</summary>
    long Line { get; }

    /// <summary>The current record as the source wrote it, for the rejects table.</summary>
    string RawText();

    /// <summary>
    /// Field <paramref name="index"/> as UTF-8 bytes, when the source holds text and can hand it over without making a
    /// string (CSV); the loader then parses numbers and dates from the bytes. False: use <see cref="GetValue"/>.
    /// </summary>
    bool TryGetUtf8(int index, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        return false;
    }

    /// <summary>Why the current record could not be read at all (a line of NDJSON that is not JSON, a CSV record over the line limit), or null.</summary>
    string? RecordError => null;

    /// <summary>The fraction of the source read so far (0..1), or null when it cannot be known.</summary>
    double? Progress { get; }
}
