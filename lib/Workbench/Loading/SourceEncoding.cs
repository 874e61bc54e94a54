using System.Text;

namespace Workbench.Loading;

/// <summary>
/// The text encoding a source file is written in. UTF-8 is the default and the only one read as it is: a byte that is
/// not UTF-8 rejects its row (see <see cref="TextRules"/>). The others are decoded to UTF-8 as the file is read, so every
/// byte means what the encoding says.
/// </summary>
public sealed class SourceEncoding
{
    private SourceEncoding(string name, Encoding encoding, params string[] aliases)
    {
        (Name, Encoding, Aliases) = (name, encoding, aliases);
    }

    public static SourceEncoding Utf8 { get; } = new("utf-8", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "utf8");

    public static SourceEncoding Latin1 { get; } = new("latin1", Encoding.Latin1, "latin-1", "iso-8859-1", "iso8859-1");

    public static SourceEncoding Windows1252 { get; } = new("windows-1252", CodePagesEncodingProvider.Instance.GetEncoding(1252)!, "cp1252");

    public static SourceEncoding Utf16 { get; } = new("utf-16", Encoding.Unicode, "utf16", "utf-16le", "utf16le");

    public static IReadOnlyList<SourceEncoding> All { get; } = [Utf8, Latin1, Windows1252, Utf16];

    /// <summary>The name options and workbench.yaml use, e.g. <c>latin1</c>.</summary>
    public string Name { get; }

    internal Encoding Encoding { get; }

    private string[] Aliases { get; }

    /// <summary>Whether the file's bytes are read as they are (no decoding pass).</summary>
    public bool IsUtf8 => ReferenceEquals(this, Utf8);

    /// <summary>The encoding a name or alias (any case) stands for; an unknown name fails listing the ones there are.</summary>
    public static SourceEncoding Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var wanted = name.Trim();
        return All.FirstOrDefault(e => string.Equals(e.Name, wanted, StringComparison.OrdinalIgnoreCase)
                || e.Aliases.Any(a => string.Equals(a, wanted, StringComparison.OrdinalIgnoreCase)))
            ?? throw new ArgumentException(
                $"Unknown encoding '{name}'. Use one of: {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));
    }

    /// <summary>The file as UTF-8 bytes: the file itself, or the file decoded by this encoding as it is read.</summary>
    internal Stream OpenUtf8(string path, out FileStream file)
    {
        // UTF-8 is read straight into the reader's buffer; a decoder reads the file in small pieces, so it gets a buffer.
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: IsUtf8 ? 1 : 1 << 16);
        return IsUtf8 ? file : Encoding.CreateTranscodingStream(file, Encoding, Encoding.UTF8, leaveOpen: false);
    }

    public override string ToString() => Name;
}
