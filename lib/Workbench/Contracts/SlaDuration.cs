using System.Globalization;

namespace Workbench.Contracts;

/// <summary>
/// A duration from an SLA property's <c>value</c> and <c>unit</c> (ODCS writes e.g. <c>value: 4, unit: d</c>).
/// Months count as 30 days and years as 365, which is what a freshness or retention promise means in practice.
/// </summary>
public readonly record struct SlaDuration(decimal Value, string Unit, decimal UnitSeconds)
{
    private static readonly Dictionary<string, decimal> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s"] = 1, ["sec"] = 1, ["second"] = 1, ["seconds"] = 1,
        ["min"] = 60, ["minute"] = 60, ["minutes"] = 60,
        ["h"] = 3600, ["hr"] = 3600, ["hour"] = 3600, ["hours"] = 3600,
        ["d"] = 86400, ["day"] = 86400, ["days"] = 86400,
        ["w"] = 604800, ["week"] = 604800, ["weeks"] = 604800,
        ["m"] = 2592000, ["month"] = 2592000, ["months"] = 2592000,
        ["y"] = 31536000, ["yr"] = 31536000, ["year"] = 31536000, ["years"] = 31536000,
    };

    /// <summary>The unit spellings accepted, for error messages.</summary>
    public static string Allowed => "s, min, h, d, w, m (month), y (and their long forms: seconds, minutes, hours, days, weeks, months, years)";

    public decimal TotalSeconds => Value * UnitSeconds;

    /// <summary>Reads a value and unit; null with a reason when either is unusable.</summary>
    public static SlaDuration? TryParse(object? value, string? unit, out string? problem)
    {
        problem = null;
        if (!decimal.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            problem = $"value '{value}' is not a non-negative number";
            return null;
        }

        var name = string.IsNullOrWhiteSpace(unit) ? "d" : unit.Trim();
        if (!Units.TryGetValue(name, out var seconds))
        {
            problem = $"unit '{unit}' is not a time unit; use one of {Allowed}";
            return null;
        }

        return new SlaDuration(amount, name, seconds);
    }

    public override string ToString() => $"{Value.ToString(CultureInfo.InvariantCulture)} {Unit}";
}
