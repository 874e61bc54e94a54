using System.Text.RegularExpressions;

namespace Workbench.Project;

/// <summary>
/// <c>${NAME}</c> and <c>${NAME:-default}</c> in workbench.yaml, read from the process environment when a setting is used.
/// Values read into a password, and those of variables whose names say they are secret (PASSWORD, SECRET, TOKEN, KEY),
/// are secrets: every output masks them.
/// </summary>
public static partial class ConnectionVariables
{
    /// <summary>Whether <paramref name="text"/> is exactly one variable reference (how a secret must be written).</summary>
    public static bool IsReference(string text) => Reference().Match(text ?? string.Empty) is { Success: true } m && m.Length == text!.Length;

    /// <summary>
    /// <paramref name="text"/> with each variable replaced by its value. An unset variable without a default is a
    /// <see cref="ProjectFileException"/> naming it and where it was written.
    /// </summary>
    /// <param name="secrets">Receives the values that are secret.</param>
    public static string Expand(string text, Func<string, string?> variable, SettingLocation at, List<string> secrets, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var (expanded, missing) = Replace(text, variable, (name, value) =>
        {
            if ((secret || SecretName().IsMatch(name)) && value.Length > 0)
            {
                secrets.Add(value);
            }
        });
        if (missing.Count > 0)
        {
            throw new ProjectFileException(missing.Select(name => new ProjectProblem(at,
                $"${{{name}}} is not set. Export {name} before running{(secret ? ", or remove the password setting to let PGPASSWORD or ~/.pgpass supply it" : string.Empty)}; " +
                $"or give a default: ${{{name}:-value}}.")).ToList());
        }

        return expanded;
    }

    /// <summary>
    /// A command-line value with <c>${NAME}</c> references (given in single quotes, so the shell leaves them and the
    /// value never appears in the process's arguments) expanded from the environment; every value read is returned
    /// in <paramref name="secrets"/>. An unset variable is an <see cref="ArgumentException"/> naming it and <paramref name="where"/>.
    /// </summary>
    public static string ExpandArgument(string text, Func<string, string?> variable, string where, List<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var (expanded, missing) = Replace(text, variable, (_, value) => secrets.Add(value));
        return missing.Count == 0
            ? expanded
            : throw new ArgumentException($"{where} names ${{{string.Join("}, ${", missing)}}}, which {(missing.Count == 1 ? "is" : "are")} not set: export {string.Join(" and ", missing)} before running (nothing was fetched).");
    }

    /// <summary>Each reference replaced by its variable's value (or its default); the names of those that have neither, left as written.</summary>
    private static (string Expanded, List<string> Missing) Replace(string text, Func<string, string?> variable, Action<string, string> read)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variable);
        var missing = new List<string>();
        var expanded = Reference().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            var value = variable(name) is { Length: > 0 } set ? set : m.Groups["default"].Success ? m.Groups["default"].Value : null;
            if (value is null)
            {
                missing.Add(name);
                return m.Value;
            }

            read(name, value);
            return value;
        });
        return (expanded, missing);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();

    [GeneratedRegex("PASSWORD|PASSWD|SECRET|TOKEN|KEY|PWD", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
