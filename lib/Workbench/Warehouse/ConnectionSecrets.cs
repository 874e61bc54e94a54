using System.Data.Common;
using System.Text.RegularExpressions;

namespace Workbench.Warehouse;

/// <summary>
/// Finds and masks the secrets in a connection string, in every spelling the driver accepts (Npgsql takes
/// <c>Password</c>, <c>PSW</c> and <c>PWD</c>, any case, quoted or not; and <c>SSL Password</c>).
/// </summary>
public static partial class ConnectionSecrets
{
    public const string Mask = "***";

    /// <summary>Whether a connection string keyword names a secret.</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var normal = key.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        return normal.Contains("password", StringComparison.OrdinalIgnoreCase)
            || string.Equals(normal, "psw", StringComparison.OrdinalIgnoreCase)
            || string.Equals(normal, "pwd", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The secret values in <paramref name="connectionString"/>, to keep out of any output.</summary>
    public static IReadOnlyList<string> Find(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (TryParse(connectionString) is { } builder)
        {
            return builder.Keys.Cast<string>().Where(IsSecretKey).Select(k => Convert.ToString(builder[k], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
                .Where(v => v.Length > 0).ToList();
        }

        return SecretPair().Matches(connectionString).Select(m => m.Groups["value"].Value.Trim('\'', '"')).Where(v => v.Length > 0).ToList();
    }

    /// <summary><paramref name="text"/> (a connection string, or a message that may quote one) with every secret value masked.</summary>
    public static string MaskIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text) is { } builder && builder.Keys.Cast<string>().Any(IsSecretKey))
        {
            foreach (var key in builder.Keys.Cast<string>().Where(IsSecretKey).ToList())
            {
                builder[key] = Mask;
            }

            return builder.ConnectionString;
        }

        return SecretPair().Replace(text, m => $"{m.Groups["key"].Value}={Mask}");
    }

    private static DbConnectionStringBuilder? TryParse(string connectionString)
    {
        if (!connectionString.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return null; // not a well-formed connection string (a message quoting part of one): the pattern below masks it
        }
    }

    [GeneratedRegex("""(?<key>\b(?:ssl\s*)?(?:password|psw|pwd))\s*=\s*(?<value>'[^']*'|"[^"]*"|[^;\s]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();
}
