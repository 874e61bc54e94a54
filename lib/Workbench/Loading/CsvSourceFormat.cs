namespace Workbench.Loading;

/// <summary>How a CSV source is written. Encoding is UTF-8, with or without a byte-order mark.</summary>
/// <param name="Delimiter">The field separator: ',' (default), ';', '\t', '|', ...</param>
/// <param name="HasHeader">Whether the first line names the columns. Without one, fields are the contract's columns in order.</param>
/// <param name="Quote">The quote character around fields that hold delimiters, quotes or line breaks.</param>
public sealed record CsvSourceFormat(char Delimiter = ',', bool HasHeader = true, char Quote = '"')
{
    public static CsvSourceFormat Default { get; } = new();
}
