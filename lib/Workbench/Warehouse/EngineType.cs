using Workbench.Contracts;

namespace Workbench.Warehouse;

/// <summary>A field of a structured engine type (<c>STRUCT(city VARCHAR, ...)</c>).</summary>
public sealed record EngineField(string Name, EngineType Type);

/// <summary>
/// A column type as an engine's catalog spells it, read into its structure: the logical family, an array's element
/// type, a struct's fields. <see cref="Fields"/> is null when the engine does not say what the fields are (JSON, a
/// PostgreSQL composite type), so they cannot be compared.
/// </summary>
public sealed record EngineType(string Text, LogicalType? Family, EngineType? Items = null, IReadOnlyList<EngineField>? Fields = null)
{
    public override string ToString() => Text;

    /// <summary>Reads <paramref name="text"/>: <c>T[]</c> and <c>T[n]</c> arrays and <c>STRUCT(name T, ...)</c> (DuckDB) nest; other types are leaves.</summary>
    public static EngineType Parse(string text, Func<string, LogicalType?> family)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(family);
        var type = text.Trim();
        if (type.EndsWith(']') && type.LastIndexOf('[') is var open and > 0)
        {
            return new EngineType(type, LogicalType.Array, Parse(type[..open], family));
        }

        if (type.StartsWith("STRUCT(", StringComparison.OrdinalIgnoreCase) && type.EndsWith(')'))
        {
            var fields = SplitTopLevel(type[7..^1]).Select(f => Field(f, family)).ToList();
            return new EngineType(type, LogicalType.Object, Fields: fields);
        }

        return new EngineType(type, family(type));
    }

    private static EngineField Field(string text, Func<string, LogicalType?> family)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('"'))
        {
            var close = trimmed.IndexOf('"', 1);
            while (close > 0 && close + 1 < trimmed.Length && trimmed[close + 1] == '"')
            {
                close = trimmed.IndexOf('"', close + 2);
            }

            return new EngineField(trimmed[1..close].Replace("\"\"", "\"", StringComparison.Ordinal), Parse(trimmed[(close + 1)..], family));
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return new EngineField(trimmed[..space], Parse(trimmed[(space + 1)..], family));
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            quoted ^= c == '"';
            if (quoted)
            {
                continue;
            }

            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}
