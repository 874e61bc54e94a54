namespace Workbench.Loading;

/// <summary>How a CSV source is written. Encoding is UTF-8, with or without a byte-order mark.</summary>
/// <param name="Delimiter">The field separator: ',' (default), ';', '\t', '|', ...</param>
/// <param name="HasHeader">Whether the first line names the columns. Without one, fields are the contract's columns in order.</param>
/// <param name="Quote">The quote character around fields that hold delimiters, quotes or line breaks.</param>
public sealed record CsvSourceFormat(char Delimiter = ',', bool HasHeader = true, char Quote = '"')
{
    public static CsvSourceFormat Default { get; } = new();

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
