namespace Workbench.Text;

/// <summary>
/// Keeps known secret values (passwords read from the environment or given in a connection string) out of text that
/// leaves the process: console output, executed notebooks, HTML, JUnit, artifacts. Each front end masks what it writes.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private string[] _ordered = [];

    public SecretMasker(IEnumerable<string>? secrets = null) => Add(secrets ?? []);

    /// <summary>A masker that knows no secret.</summary>
    public static SecretMasker None { get; } = new();

    public bool IsEmpty => _ordered.Length == 0;

    /// <summary>Adds secrets to mask; values shorter than 3 characters are too common to mask safely and are ignored.</summary>
    public void Add(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (_secrets)
        {
            foreach (var secret in secrets.Where(s => s.Length >= 3))
            {
                _secrets.Add(secret);
            }

            _ordered = [.. _secrets.OrderByDescending(s => s.Length)];
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <see cref="Mask"/>.</summary>
    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _ordered)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
