using Workbench.Errors;

namespace Workbench.Models;

/// <summary>
/// The settings block at the top of a .sql file: leading <c>-- key: value</c> comment lines. The rest of the file is
/// plain SQL. Unknown keys are errors that name the file, line and the keys allowed.
/// </summary>
public sealed record SqlFileHeader(IReadOnlyList<(string Key, string Value, int Line)> Entries, int BodyStartLine, string Body)
{
    public static SqlFileHeader Parse(string path, string text, IReadOnlyCollection<string> allowedKeys)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var entries = new List<(string, string, int)>();
        var index = 0;
        for (; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var content = line[2..].Trim();
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || content[..colon].Contains(' ', StringComparison.Ordinal))
            {
                continue; // an ordinary comment
            }

            var key = content[..colon].Trim().ToLowerInvariant();
            if (!allowedKeys.Contains(key))
            {
                throw new SqlFileException(path, index + 1, 1,
                    $"unknown setting '{key}'. Allowed settings: {string.Join(", ", allowedKeys)}. Write other notes as comments without a colon after the first word.");
            }

            entries.Add((key, content[(colon + 1)..].Trim(), index + 1));
        }

        return new SqlFileHeader(entries, index + 1, string.Join('\n', lines.Skip(index)).Trim());
    }

    public string? Get(string key) => Entries.LastOrDefault(e => e.Key == key).Value;

    public int LineOf(string key) => Entries.LastOrDefault(e => e.Key == key).Line;
}
