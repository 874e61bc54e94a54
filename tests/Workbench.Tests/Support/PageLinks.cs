using System.Text.RegularExpressions;

namespace Workbench.Tests.Support;

/// <summary>The links of a generated page as a reader follows them: its anchors' targets, not strings in its scripts.</summary>
public static partial class PageLinks
{
    /// <summary>Every <c>&lt;a href&gt;</c> of the page's markup (scripts left out: an embedded library is code, not links).</summary>
    public static IReadOnlyList<string> Of(string page)
    {
        var markup = Script().Replace(File.ReadAllText(page), string.Empty);
        return [.. Anchor().Matches(markup).Select(m => m.Groups[1].Value)];
    }

    /// <summary>
    /// The page's relative links (in-page anchors and absolute URLs aside) that leave <paramref name="root"/> or point
    /// at nothing, each with why: what a copied folder of pages would show as a broken link.
    /// </summary>
    public static IReadOnlyList<string> Broken(string page, string root)
    {
        var broken = new List<string>();
        foreach (var link in Of(page).Where(l => !l.StartsWith('#') && !l.Contains("://", StringComparison.Ordinal) && !l.StartsWith("data:", StringComparison.Ordinal)))
        {
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(page))!, Uri.UnescapeDataString(link.Split('#')[0])));
            if (Path.IsPathRooted(link) || !target.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) || !Path.Exists(target))
            {
                broken.Add($"{Path.GetRelativePath(root, page)}: link {link} leaves the run's pages or is not there");
            }
        }

        return broken;
    }

    /// <summary>The page's in-page links (<c>#id</c>) whose id the page does not have.</summary>
    public static IReadOnlyList<string> MissingAnchors(string page)
    {
        var ids = Id().Matches(File.ReadAllText(page)).Select(m => m.Groups[1].Value).ToHashSet();
        return [.. Of(page).Where(l => l.StartsWith('#') && !ids.Contains(l[1..]))];
    }

    [GeneratedRegex(@"<script\b[^>]*>[\s\S]*?</script>")]
    private static partial Regex Script();

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]+)\"")]
    private static partial Regex Anchor();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex Id();
}
