using System.Globalization;

namespace Workbench.Contracts;

/// <summary>
/// A duration from an SLA property's <c>value</c> and <c>unit</c>. ODCS leaves both free (<c>value: 4, unit: d</c>;
/// <c>value: '500ms'</c>; an ISO-8601 <c>PT4H</c>); Workbench reads a number with a time unit, given apart or together,
/// and ISO-8601 durations. Months count as 30 days and years as 365, which is what a freshness promise means in practice.
/// </summary>
public readonly record struct SlaDuration(decimal Value, string Unit, decimal UnitSeconds)
{
    private static readonly Dictionary<string, decimal> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ms"] = 0.001m, ["millisecond"] = 0.001m, ["milliseconds"] = 0.001m,
        ["s"] = 1, ["sec"] = 1, ["second"] = 1, ["seconds"] = 1,
        ["m"] = 60, ["min"] = 60, ["minute"] = 60, ["minutes"] = 60,
        ["h"] = 3600, ["hr"] = 3600, ["hour"] = 3600, ["hours"] = 3600,
        ["d"] = 86400, ["day"] = 86400, ["days"] = 86400,
        ["w"] = 604800, ["week"] = 604800, ["weeks"] = 604800,
        ["mo"] = 2592000, ["month"] = 2592000, ["months"] = 2592000,
        ["y"] = 31536000, ["yr"] = 31536000, ["year"] = 31536000, ["years"] = 31536000,
    };

    /// <summary>The unit spellings understood, for messages.</summary>
    public static string Allowed => "ms, s, m or min, h, d, w, mo (month), y, their long forms (seconds, days, ...), or an ISO-8601 duration such as PT4H";

    public decimal TotalSeconds => Value * UnitSeconds;

    /// <summary>Reads a value and unit; null with a reason when they do not make a duration.</summary>
    public static SlaDuration? TryParse(object? value, string? unit, out string? problem)
    {
        problem = null;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
        if (text.StartsWith('P') && string.IsNullOrWhiteSpace(unit))
        {
            try
            {
                var span = System.Xml.XmlConvert.ToTimeSpan(text);
                return new SlaDuration((decimal)span.TotalSeconds, "s", 1);
            }
            catch (FormatException)
            {
                problem = $"value '{text}' is not an ISO-8601 duration (e.g. PT4H, P1D)";
                return null;
            }
        }

        var digits = text.TakeWhile(c => char.IsDigit(c) || c is '.' or '-' or '+').Count();
        var inline = text[digits..].Trim();
        if (!decimal.TryParse(text[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            problem = $"value '{value}' is not a non-negative number of time units";
            return null;
        }

        if (inline.Length > 0 && !string.IsNullOrWhiteSpace(unit) && !string.Equals(inline, unit.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problem = $"value '{text}' carries the unit '{inline}' and unit says '{unit}'";
            return null;
        }

        var name = inline.Length > 0 ? inline : string.IsNullOrWhiteSpace(unit) ? "d" : unit.Trim();
        if (!Units.TryGetValue(name, out var seconds))
        {
            problem = $"unit '{name}' is not a time unit Workbench reads ({Allowed})";
            return null;
        }

        return new SlaDuration(amount, name, seconds);
    }

    public override string ToString() => $"{Value.ToString(CultureInfo.InvariantCulture)} {Unit}";
}
