using System.Globalization;

namespace Workbench.Notebooks.Running;

/// <summary>Keeps the head and the tail of a long output, with a visible note of how much was left out between them.</summary>
internal static class OutputTrimmer
{
    public static string Trim(string text, int maxLines, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = CountLines(text);
        if (lines <= maxLines && text.Length <= maxChars)
        {
            return text;
        }

        // Half the budget each for the head and the tail, by lines and by characters, whichever is tighter.
        var headEnd = Cut(text, maxLines / 2, maxChars / 2, fromStart: true);
        var tailStart = Cut(text, maxLines - (maxLines / 2), maxChars - (maxChars / 2), fromStart: false);
        if (tailStart < headEnd)
        {
            tailStart = headEnd;
        }

        var omitted = text.AsSpan(headEnd, tailStart - headEnd);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"\n... {CountLines(omitted.ToString()):N0} line(s), {omitted.Length / 1_000_000.0:0.0} MB omitted (the notebook keeps {maxLines:N0} lines or {maxChars / 1_000_000.0:0.0} MB of an output; the run printed {lines:N0} lines) ...\n");
        return string.Concat(text.AsSpan(0, headEnd), note, text.AsSpan(tailStart));
    }

    private static int CountLines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return text.Length > 0 && text[^1] != '\n' ? count + 1 : count;
    }

    /// <summary>Where the head ends (fromStart) or the tail starts: after at most <paramref name="lines"/> lines and <paramref name="chars"/> characters.</summary>
    private static int Cut(string text, int lines, int chars, bool fromStart)
    {
        if (fromStart)
        {
            var end = 0;
            for (var seen = 0; seen < lines && end < text.Length;)
            {
                var next = text.IndexOf('\n', end);
                var stop = next < 0 ? text.Length : next + 1;
                if (stop > chars)
                {
                    if (seen == 0)
                    {
                        return Math.Min(chars, text.Length); // one line longer than the budget: keep its start
                    }

                    break;
                }

                end = stop;
                seen++;
            }

            return end;
        }

        var start = text.Length;
        for (var seen = 0; seen < lines && start > 0;)
        {
            var previous = start >= 2 ? text.LastIndexOf('\n', start - 2) : -1;
            var begin = previous + 1;
            if (text.Length - begin > chars)
            {
                if (seen == 0)
                {
                    return Math.Max(0, text.Length - chars); // one line longer than the budget: keep its end
                }

                break;
            }

            start = begin;
            seen++;
        }

        return start;
    }
}
