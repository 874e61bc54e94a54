using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Models;

/// <summary>Finds schema-qualified names in SQL, ignoring comments and string literals.</summary>
internal static partial class SqlReferenceScanner
{
    /// <summary>Each <c>schema.name</c> reference with the 1-based line it is on.</summary>
    public static IEnumerable<(string Schema, string Name, int Line)> Scan(string sql)
    {
        var code = BlankOutCommentsAndStrings(sql);
        foreach (Match match in QualifiedName().Matches(code))
        {
            var line = 1 + code.AsSpan(0, match.Index).Count('\n');
            yield return (match.Groups["schema"].Value, match.Groups["name"].Value, line);
        }
    }

    /// <summary>Each <c>schema.name</c> reference with where it is in <paramref name="sql"/> (index and length).</summary>
    public static IEnumerable<(string Schema, string Name, int Index, int Length)> Locate(string sql)
    {
        var code = BlankOutCommentsAndStrings(sql);
        foreach (Match match in QualifiedName().Matches(code))
        {
            yield return (match.Groups["schema"].Value, match.Groups["name"].Value, match.Index, match.Length);
        }
    }

    /// <summary>Replaces comments and string literals with spaces, keeping newlines so line numbers stay right.</summary>
    internal static string BlankOutCommentsAndStrings(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    text.Append(' ');
                    i++;
                }
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                for (; i < end; i++)
                {
                    text.Append(sql[i] == '\n' ? '\n' : ' ');
                }
            }
            else if (sql[i] == '\'')
            {
                text.Append(' ');
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == '\'' && i + 1 < sql.Length && sql[i + 1] == '\'')
                    {
                        text.Append("  ");
                        i += 2;
                        continue;
                    }

                    var closing = sql[i] == '\'';
                    text.Append(sql[i] == '\n' ? '\n' : ' ');
                    i++;
                    if (closing)
                    {
                        break;
                    }
                }
            }
            else
            {
                text.Append(sql[i]);
                i++;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("""(?<![\w."])"?(?<schema>[A-Za-z_][A-Za-z0-9_]*)"?\s*\.\s*"?(?<name>[A-Za-z_][A-Za-z0-9_]*)"?(?!\s*\()""")]
    private static partial Regex QualifiedName();
}
