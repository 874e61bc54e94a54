using System.Globalization;
using System.Runtime.CompilerServices;
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
    private readonly RawColumn _column;
    private readonly int? _scale;
    private readonly decimal _decimalLimit; // 10^(precision - scale): the first value too large for DECIMAL(p,s)
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
            var integerDigits = precision - _scale.Value;
            _decimalLimit = integerDigits >= 28 ? decimal.MaxValue : (decimal)Math.Pow(10, integerDigits);
        }
    }

    public RawColumn Column => _column;

    /// <summary>
    /// Parses a field from its UTF-8 bytes without making a string, for the common well-formed values of number, date
    /// and timestamp columns; anything else (text columns, empty or unusual values, failures) returns false so the
    /// caller parses the text as usual and gets the same value or the same reason.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParseFast(ReadOnlySpan<byte> utf8, out object? value)
    {
        value = null;
        if (utf8.IsEmpty || utf8[0] == (byte)' ' || utf8[^1] == (byte)' ')
        {
            return false;
        }

        switch (_column.Type)
        {
            case LogicalType.Integer when _int32:
                if (System.Buffers.Text.Utf8Parser.TryParse(utf8, out int i, out var usedInt) && usedInt == utf8.Length)
                {
                    value = i;
                    return true;
                }

                return false;
            case LogicalType.Integer:
                if (System.Buffers.Text.Utf8Parser.TryParse(utf8, out long l, out var usedLong) && usedLong == utf8.Length)
                {
                    value = l;
                    return true;
                }

                return false;
            case LogicalType.Number when _scale is { } scale && utf8.IndexOfAny((byte)'e', (byte)'E') < 0:
                if (System.Buffers.Text.Utf8Parser.TryParse(utf8, out decimal d, out var usedDecimal) && usedDecimal == utf8.Length)
                {
                    if (Fits(ref d, scale))
                    {
                        value = d;
                        return true;
                    }
                }

                return false;
            case LogicalType.Date when utf8.Length == 10:
                Span<char> date = stackalloc char[10];
                for (var k = 0; k < 10; k++)
                {
                    date[k] = (char)utf8[k];
                }

                if (IsoDateTime.TryParseDate(date, out var day))
                {
                    value = day;
                    return true;
                }

                return false;
            case LogicalType.Timestamp when utf8.Length is >= 10 and <= 33:
                Span<char> timestamp = stackalloc char[utf8.Length];
                for (var k = 0; k < utf8.Length; k++)
                {
                    timestamp[k] = (char)utf8[k];
                }

                if (IsoDateTime.TryParseTimestamp(timestamp, out var at))
                {
                    value = at;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Rounds to the column's scale, as the warehouses do; false when the integer part has more digits than it allows.</summary>
    private bool Fits(ref decimal number, int scale)
    {
        number = decimal.Round(number, scale, MidpointRounding.AwayFromZero);
        return decimal.Truncate(decimal.Abs(number)) < _decimalLimit;
    }

    /// <summary>
    /// Converts a value from any source: text is parsed as by <see cref="TryParse"/>; typed values (from database sources)
    /// are converted when nothing is lost (a whole number to an integer column, a midnight timestamp to a date, ...).
    /// </summary>
    public bool TryConvert(object? source, out object? value, out string? reason)
    {
        switch (source)
        {
            case null or DBNull:
                return TryParse(string.Empty, out value, out reason);
            case string text:
                return TryParse(text, out value, out reason);
        }

        reason = null;
        value = null;
        var shown = Convert.ToString(source, CultureInfo.InvariantCulture) ?? string.Empty;
        switch (_column.Type)
        {
            case LogicalType.Integer:
                decimal whole;
                try
                {
                    whole = Convert.ToDecimal(source, CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
                {
                    return Fail("not an integer", shown, out reason);
                }

                if (whole != decimal.Truncate(whole) || whole < (_int32 ? int.MinValue : long.MinValue) || whole > (_int32 ? int.MaxValue : long.MaxValue))
                {
                    return Fail($"not {(_int32 ? "a 32-bit" : "an")} integer", shown, out reason);
                }

                value = _int32 ? (int)whole : (long)whole;
                return true;
            case LogicalType.Number when source is decimal or double or float or long or int or short or byte:
                return TryParse(Convert.ToString(source, CultureInfo.InvariantCulture)!, out value, out reason);
            case LogicalType.Date when source is DateOnly date:
                value = date;
                return true;
            case LogicalType.Date when source is DateTime { TimeOfDay.Ticks: 0 } midnight:
                value = DateOnly.FromDateTime(midnight);
                return true;
            case LogicalType.Timestamp when source is DateTime timestamp:
                value = DateTime.SpecifyKind(timestamp, DateTimeKind.Unspecified);
                return true;
            case LogicalType.Timestamp when source is DateTimeOffset offset:
                value = offset.UtcDateTime;
                return true;
            case LogicalType.Timestamp when source is DateOnly day:
                value = day.ToDateTime(TimeOnly.MinValue);
                return true;
            case LogicalType.Time when source is TimeOnly or TimeSpan:
                value = source is TimeSpan span ? TimeOnly.FromTimeSpan(span) : source;
                return true;
            case LogicalType.Boolean when source is bool:
                value = source;
                return true;
            case LogicalType.String or LogicalType.Object or LogicalType.Array:
                value = source switch
                {
                    DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    _ => shown,
                };
                return true;
            default:
                return Fail($"not a {_column.Type.ToString().ToLowerInvariant()} (a {source.GetType().Name} value)", shown, out reason);
        }
    }

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

                if (_scale is { } scale && !Fits(ref number, scale))
                {
                    return Fail($"too large for {_column.SqlType}", text, out reason);
                }

                value = number;
                return true;
            case LogicalType.Date:
                return IsoDateTime.TryParseDate(trimmed, out var date) && Set(date, out value)
                    || Fail("not a date (yyyy-MM-dd)", text, out reason);
            case LogicalType.Timestamp:
                return IsoDateTime.TryParseTimestamp(trimmed, out var timestamp) && Set(timestamp, out value)
                    || Fail("not a timestamp (yyyy-MM-dd HH:mm:ss, optionally ending in Z or an offset such as +02:00)", text, out reason);
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
