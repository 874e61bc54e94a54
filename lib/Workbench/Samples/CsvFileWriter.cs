using System.Globalization;
using System.Text;

namespace Workbench.Samples;

/// <summary>Writes RFC 4180 CSV with invariant formatting, quoting only where needed. Counts the rows it wrote.</summary>
internal sealed class CsvFileWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvFileWriter(string path, params string[] header)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        WriteLine(header);
    }

    public string Path { get; }

    public int Rows { get; private set; }

    public void Write(params object?[] values)
    {
        WriteLine(values.Select(Format));
        Rows++;
    }

    public void Dispose() => _writer.Dispose();

    private void WriteLine(IEnumerable<string> fields) => _writer.WriteLine(string.Join(',', fields.Select(Quote)));

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
