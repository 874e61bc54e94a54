namespace Workbench.Loading;

/// <summary>How a CSV source is written.</summary>
/// <param name="Delimiter">The field separator: ',' (default), ';', '\t', '|', ...</param>
/// <param name="HasHeader">Whether the first line names the columns. Without one, fields are the contract's columns in order.</param>
/// <param name="Quote">The quote character around fields that hold delimiters, quotes or line breaks.</param>
public sealed record CsvSourceFormat(char Delimiter = ',', bool HasHeader = true, char Quote = '"')
{
    public static CsvSourceFormat Default { get; } = new();

    /// <summary>The file's text encoding: UTF-8 (default, with or without a byte-order mark), or one decoded as it is read.</summary>
    public SourceEncoding Encoding { get; init; } = SourceEncoding.Utf8;

    /// <summary>The longest record, in bytes without its line break; a longer one rejects its row (see <see cref="TextRules"/>).</summary>
    public long MaxLineBytes { get; init; } = TextRules.DefaultMaxLineBytes;

    /// <summary>
    /// The record reader's settings for this format: RFC 4180 quoting with line breaks inside quotes, fields kept as
    /// written (no trimming), and records with the wrong field count or stray quotes read as they are, so the loader can
    /// reject them with their text instead of the reader failing the file.
    /// </summary>
    internal CsvHelper.CsvReaderOptions ReaderOptions(bool hasHeader) => new()
    {
        HasHeader = hasHeader,
        Separator = Delimiter,
        Quote = Quote,
        Escape = Quote,
        AllowLineBreaksInQuotes = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
        MalformedData = CsvHelper.CsvMalformedDataHandling.Recover,
        TrimWhitespace = false,
    };
}
