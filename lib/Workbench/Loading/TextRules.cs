using System.Buffers;
using System.Globalization;
using System.Text;

namespace Workbench.Loading;

/// <summary>
/// The rules every load path applies to the text of a source, whatever engine writes it, so both engines give the same
/// rows, rejects and reasons: a field with a NUL byte or with bytes that are not UTF-8 rejects its row (PostgreSQL cannot
/// store either, and a replacement character would lose data silently); a record longer than the line limit rejects its
/// row; other control characters are kept as written. Raw text kept with a reject is bounded, its NULs made visible.
/// </summary>
public static class TextRules
{
    /// <summary>The default longest record, in bytes without its line break (DuckDB's own default for its reader).</summary>
    public const long DefaultMaxLineBytes = 2_000_000;

    /// <summary>The longest raw text kept with a reject; longer text is cut and says how long it was.</summary>
    public const int MaxRawTextChars = 10_000;

    /// <summary>Why a field's bytes cannot be loaded as text, or null when they can.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8)
    {
        var nul = utf8.IndexOf((byte)0);
        var invalid = FirstInvalidByte(nul < 0 ? utf8 : utf8[..nul]);
        if (invalid >= 0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"is not valid UTF-8 (byte 0x{utf8[invalid]:X2} at byte {invalid + 1} of the field); if the file is written in another encoding, load it with --encoding ({string.Join(", ", SourceEncoding.All.Where(e => !e.IsUtf8).Select(e => e.Name))})");
        }

        return nul >= 0 ? Nul(nul + 1) : null;
    }

    /// <summary>Why a text value (already decoded) cannot be loaded, or null when it can.</summary>
    public static string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var nul = value.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? null : Nul(Encoding.UTF8.GetByteCount(value.AsSpan(0, nul)) + 1);
    }

    /// <summary>Why a record longer than the limit is rejected.</summary>
    public static string LineTooLong(long bytes, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"the record is {bytes:N0} bytes, longer than the limit of {limit:N0} bytes; if such records are expected, raise the limit with --max-line-bytes (max_line_bytes in workbench.yaml)");

    /// <summary>
    /// Raw text as a reject keeps it: whole up to <see cref="MaxRawTextChars"/>, else cut, saying how long it was; a NUL
    /// shown as ␀ (U+2400), since the rejects table is text too.
    /// </summary>
    public static string Bound(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        raw = raw.Replace('\0', '\u2400');
        return raw.Length <= MaxRawTextChars
            ? raw
            : string.Create(CultureInfo.InvariantCulture, $"{raw.AsSpan(0, MaxRawTextChars)}… ({raw.Length:N0} characters in all)");
    }

    private static string Nul(long at) => string.Create(CultureInfo.InvariantCulture,
        $"contains a NUL byte (0x00) at byte {at} of the field, which a text column cannot hold on every engine; remove it at the source");

    /// <summary>The index of the first byte that does not begin or continue a valid UTF-8 sequence, or -1.</summary>
    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return -1;
        }

        var at = 0;
        while (at < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[at..], out _, out var consumed) != OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return -1;
    }
}
