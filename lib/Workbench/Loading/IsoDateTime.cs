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

    /// <summary>
    /// A timestamp; one that ends in <c>Z</c> or an offset (<c>+02:00</c>, <c>-0500</c>, <c>+02</c>) is converted to UTC,
    /// as ISO 8601 APIs write them.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime timestamp)
    {
        if (text.Length > 16 && ZoneOf(text, out var local, out var offset))
        {
            var parsed = TryParseLocal(local, out timestamp);
            timestamp = parsed ? timestamp - offset : default;
            return parsed;
        }

        return TryParseLocal(text, out timestamp);
    }

    /// <summary>Splits a trailing <c>Z</c> or <c>±HH[:MM]</c> off a timestamp with a time part.</summary>
    private static bool ZoneOf(ReadOnlySpan<char> text, out ReadOnlySpan<char> local, out TimeSpan offset)
    {
        local = text;
        offset = TimeSpan.Zero;
        if (text[^1] is 'Z' or 'z')
        {
            local = text[..^1];
            return true;
        }

        var sign = text[16..].LastIndexOfAny('+', '-');
        if (sign < 0)
        {
            return false;
        }

        sign += 16;
        var zone = text[(sign + 1)..];
        var hours = zone.Length >= 2 && TryDigits(zone[..2], out var h) ? h : -1;
        var minutes = zone.Length == 2 ? 0 : zone.Length == 5 && zone[2] == ':' && TryDigits(zone[3..], out var m1) ? m1 : zone.Length == 4 && TryDigits(zone[2..], out var m2) ? m2 : -1;
        if (hours is < 0 or > 18 || minutes is < 0 or > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (text[sign] == '-' ? -1 : 1);
        local = text[..sign];
        return true;
    }

    private static bool TryParseLocal(ReadOnlySpan<char> text, out DateTime timestamp)
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
