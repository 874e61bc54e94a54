using System.Text;
using Workbench.Errors;

namespace Workbench.Loading.Sources;

/// <summary>
/// Reads the header record of a CSV file and nothing more: RFC 4180 quoting (delimiters, doubled quotes and line breaks
/// inside quotes), in the format's encoding (UTF-8 with or without a byte-order mark by default), names trimmed. A load that hands the rows to the engine's own
/// reader needs only the names, and this costs a fraction of starting a full CSV reader.
/// </summary>
internal static class CsvHeader
{
    private const int Chunk = 1 << 16;

    private enum State
    {
        Unquoted,
        Quoted,
        QuoteInQuoted, // a quote inside quotes: the closing one, or the first of a doubled pair
    }

    /// <param name="source">The file as lineage names it, for messages.</param>
    public static IReadOnlyList<string> Read(string path, CsvSourceFormat format, string source)
    {
        using var stream = format.Encoding.OpenUtf8(path, out _);
        var (delimiter, quote) = ((byte)format.Delimiter, (byte)format.Quote);
        var field = new List<byte>();
        var names = new List<string>();
        var buffer = new byte[Chunk];
        var state = State.Unquoted;
        var (first, ended) = (true, false);
        int read;
        while (!ended && (read = stream.Read(buffer)) > 0)
        {
            var i = first && buffer.AsSpan(0, read).StartsWith("\uFEFF"u8) ? 3 : 0;
            first = false;
            for (; i < read && !ended; i++)
            {
                var b = buffer[i];
                if (state == State.Quoted)
                {
                    if (b == quote)
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        field.Add(b);
                    }

                    continue;
                }

                if (state == State.QuoteInQuoted)
                {
                    state = b == quote ? State.Quoted : State.Unquoted;
                    if (b == quote)
                    {
                        field.Add(b);
                        continue;
                    }
                }

                if (b == quote && field.TrueForAll(c => c is (byte)' ' or (byte)'\t'))
                {
                    field.Clear();
                    state = State.Quoted;
                }
                else if (b == delimiter)
                {
                    names.Add(Name(field));
                }
                else if (b is (byte)'\n' or (byte)'\r')
                {
                    ended = true;
                }
                else
                {
                    field.Add(b);
                }
            }
        }

        if (state == State.Quoted)
        {
            throw new RawLoadException(
                $"{source}: line 1: the header opens a quoted name ({format.Quote}) that is never closed. Close the quote, or remove it.",
                source, string.Empty, []);
        }

        names.Add(Name(field));
        if (names.All(string.IsNullOrWhiteSpace))
        {
            throw new RawLoadException($"{source}: the file is empty; a raw CSV needs a header line naming its columns.", source, string.Empty, []);
        }

        return names;
    }

    private static string Name(List<byte> field)
    {
        var name = Encoding.UTF8.GetString(field.ToArray()).Trim();
        field.Clear();
        return name;
    }
}
