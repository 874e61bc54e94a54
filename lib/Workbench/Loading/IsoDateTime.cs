namespace Workbench.Loading;

/// <summary>
/// Parses ISO dates and timestamps without culture or format machinery: <c>yyyy-MM-dd</c>, optionally followed by
/// a space or <c>T</c> and <c>HH:mm</c>, <c>HH:mm:ss</c> or <c>HH:mm:ss.fffffff</c>. Several times faster than
/// <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, System.Globalization.DateTimeStyles, out DateTime)"/>,
/// which matters at millions of values per load.
/// </summary>
internal static class IsoDateTime
{
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime timestamp)
    {
        timestamp = default;
        if (text.Length < 10 || !TryParseDate(text[..10], out var date))
        {
            return false;
        }

        if (text.Length == 10)
        {
            timestamp = date.ToDateTime(TimeOnly.MinValue);
            return true;
        }

        var time = text[11..];
        if (text[10] is not (' ' or 'T') || time.Length < 5 || time[2] != ':'
            || !TryDigits(time[..2], out var hour) || !TryDigits(time.Slice(3, 2), out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var second = 0;
        long ticks = 0;
        if (time.Length > 5)
        {
            if (time.Length < 8 || time[5] != ':' || !TryDigits(time.Slice(6, 2), out second) || second > 59)
            {
                return false;
            }

            if (time.Length > 8)
            {
                var fraction = time[9..];
                if (time[8] != '.' || fraction.Length is 0 or > 7 || !TryDigits(fraction, out var digits))
                {
                    return false;
                }

                ticks = digits;
                for (var i = fraction.Length; i < 7; i++)
                {
                    ticks *= 10;
                }
            }
        }

        timestamp = date.ToDateTime(new TimeOnly(hour, minute, second)).AddTicks(ticks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return text.Length > 0;
    }
}
