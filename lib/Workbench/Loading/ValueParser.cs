using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Contracts;

namespace Workbench.Loading;

/// <summary>
/// Turns source text into a typed value for a raw column, or says why it cannot. The rules are the warehouses' own
/// for CSV: integers are whole numbers, decimals round to the column's scale, dates are ISO (yyyy-MM-dd), timestamps
/// are ISO with a space or T and optional fractional seconds. An empty field is NULL.
/// </summary>
public sealed partial class ValueParser
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ];

    private readonly RawColumn _column;
    private readonly int? _scale;
    private readonly int? _integerDigits;
    private readonly bool _int32;
    private readonly bool _double;

    public ValueParser(RawColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        _column = column;
        var type = column.SqlType.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        _int32 = type is "INTEGER" or "INT" or "INT4" or "SMALLINT" or "INT2";
        _double = type is "DOUBLE" or "DOUBLEPRECISION" or "REAL" or "FLOAT" or "FLOAT8" or "FLOAT4";
        if (DecimalType().Match(type) is { Success: true } m)
        {
            var precision = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            _scale = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            _integerDigits = precision - _scale;
        }
    }

    public RawColumn Column => _column;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="reason"/> says what was expected.</summary>
    public bool TryParse(string text, out object? value, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        reason = null;
        value = null;
        if (text.Length == 0 || (!_column.IsText && string.IsNullOrWhiteSpace(text)))
        {
            if (_column.Required)
            {
                reason = "missing required value";
                return false;
            }

            return true;
        }

        var trimmed = text.AsSpan().Trim();
        switch (_column.Type)
        {
            case LogicalType.Integer:
                if (_int32 ? int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) && Set(i, out value)
                           : long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && Set(l, out value))
                {
                    return true;
                }

                return Fail($"not {(_int32 ? "a 32-bit" : "an")} integer", text, out reason);
            case LogicalType.Number:
                if (_double)
                {
                    return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Set(d, out value) || Fail("not a number", text, out reason);
                }

                if (!decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return Fail("not a number", text, out reason);
                }

                if (_scale is { } scale)
                {
                    number = decimal.Round(number, scale, MidpointRounding.AwayFromZero);
                    if (decimal.Truncate(decimal.Abs(number)).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length > _integerDigits)
                    {
                        return Fail($"too large for {_column.SqlType}", text, out reason);
                    }
                }

                value = number;
                return true;
            case LogicalType.Date:
                return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && Set(date, out value)
                    || Fail("not a date (yyyy-MM-dd)", text, out reason);
            case LogicalType.Timestamp:
                return DateTime.TryParseExact(trimmed, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp) && Set(timestamp, out value)
                    || Fail("not a timestamp (yyyy-MM-dd HH:mm:ss)", text, out reason);
            case LogicalType.Time:
                return TimeOnly.TryParseExact(trimmed, ["HH:mm:ss", "HH:mm:ss.FFFFFFF", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && Set(time, out value)
                    || Fail("not a time (HH:mm:ss)", text, out reason);
            case LogicalType.Boolean:
                return ParseBoolean(trimmed) is { } flag && Set(flag, out value) || Fail("not a boolean (true/false)", text, out reason);
            default:
                value = text;
                return true;
        }
    }

    private static bool? ParseBoolean(ReadOnlySpan<char> text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("t", StringComparison.OrdinalIgnoreCase) || text is "1" ? true
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("f", StringComparison.OrdinalIgnoreCase) || text is "0" ? false
        : null;

    private static bool Set<T>(T parsed, out object? value)
    {
        value = parsed;
        return true;
    }

    private static bool Fail(string what, string text, out string? reason)
    {
        reason = $"{what}: \"{(text.Length > 60 ? text[..60] + "…" : text)}\"";
        return false;
    }

    [GeneratedRegex(@"^(?:DECIMAL|NUMERIC)\((\d+)(?:,(\d+))?\)$")]
    private static partial Regex DecimalType();
}
