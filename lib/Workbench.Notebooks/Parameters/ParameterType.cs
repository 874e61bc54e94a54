using System.Globalization;

namespace Workbench.Notebooks.Parameters;

/// <summary>
/// The C# types a notebook parameter may have, with how a command-line string converts to each (invariant culture)
/// and how the value is written back as C# for the injected cell.
/// </summary>
public sealed record ParameterType(string CSharpName, Type ClrType, Func<string, object> Parse, Func<object, string> ToCSharp, string Example)
{
    private static readonly string[] TrueWords = ["true", "yes", "1", "on"];
    private static readonly string[] FalseWords = ["false", "no", "0", "off"];

    public static IReadOnlyList<ParameterType> Supported { get; } =
    [
        new("string", typeof(string), s => s, v => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral((string)v, quote: true), "text"),
        new("int", typeof(int), s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), v => ((int)v).ToString(CultureInfo.InvariantCulture), "42"),
        new("long", typeof(long), s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), v => ((long)v).ToString(CultureInfo.InvariantCulture) + "L", "42"),
        new("double", typeof(double), s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), FormatDouble, "1.5"),
        new("decimal", typeof(decimal), s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture), v => ((decimal)v).ToString(CultureInfo.InvariantCulture) + "m", "9.99"),
        new("bool", typeof(bool), s => ParseBool(s), v => (bool)v ? "true" : "false", "true"),
        new("DateOnly", typeof(DateOnly), s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            v => string.Create(CultureInfo.InvariantCulture, $"new System.DateOnly({((DateOnly)v).Year}, {((DateOnly)v).Month}, {((DateOnly)v).Day})"), "2024-01-31"),
        new("DateTime", typeof(DateTime), s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            v => $"System.DateTime.Parse(\"{((DateTime)v).ToString("o", CultureInfo.InvariantCulture)}\", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)", "2024-01-31T08:00:00"),
        new("TimeSpan", typeof(TimeSpan), s => TimeSpan.Parse(s, CultureInfo.InvariantCulture),
            v => string.Create(CultureInfo.InvariantCulture, $"System.TimeSpan.FromTicks({((TimeSpan)v).Ticks}L)"), "00:05:00"),
        new("Guid", typeof(Guid), s => Guid.Parse(s, CultureInfo.InvariantCulture), v => $"new System.Guid(\"{v}\")", "5f1c3a4e-0000-4000-8000-000000000000"),
    ];

    /// <summary>Finds a supported type by its C# spelling (keyword or type name, with or without <c>System.</c>).</summary>
    public static ParameterType? Find(string csharpName)
    {
        var name = csharpName.Trim();
        name = name.StartsWith("System.", StringComparison.Ordinal) ? name["System.".Length..] : name;
        name = name switch
        {
            "String" => "string",
            "Int32" => "int",
            "Int64" => "long",
            "Double" => "double",
            "Decimal" => "decimal",
            "Boolean" => "bool",
            _ => name,
        };
        return Supported.FirstOrDefault(t => string.Equals(t.CSharpName, name, StringComparison.Ordinal));
    }

    private static bool ParseBool(string s)
    {
        if (TrueWords.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (FalseWords.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new FormatException("expected true/false (or yes/no, 1/0, on/off)");
    }

    private static string FormatDouble(object v)
    {
        var d = (double)v;
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(d) ? (text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0") + "d"
            : d switch { double.NaN => "double.NaN", > 0 => "double.PositiveInfinity", _ => "double.NegativeInfinity" };
    }
}
