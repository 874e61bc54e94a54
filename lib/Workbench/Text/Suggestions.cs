namespace Workbench.Text;

/// <summary>"Did you mean ...?" for misspelt names: Levenshtein distance over case-folded text.</summary>
public static class Suggestions
{
    /// <summary>The known name closest to <paramref name="name"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string name, IEnumerable<string> known, Func<string, string>? normalize = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        normalize ??= s => s.ToLowerInvariant();
        var target = normalize(name);
        var best = known.Select(k => (Name: k, Distance: Distance(normalize(k), target))).OrderBy(k => k.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, target.Length / 3) ? best.Name : null;
    }

    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
