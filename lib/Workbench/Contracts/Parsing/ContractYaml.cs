using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>
/// Reads typed values out of YAML nodes for the contract parser and records a located problem for each thing that is
/// wrong, instead of stopping at the first.
/// </summary>
internal sealed class ContractYaml(string file, string text)
{
    private readonly string[] _lines = text.Split('\n');

    public string File { get; } = file;

    /// <summary>The standard of the contract's apiVersion (the newest until the apiVersion has been read).</summary>
    public ContractStandard Standard { get; set; } = ContractStandard.Latest;

    public List<ContractProblem> Problems { get; } = [];

    public SourceLocation At(YamlNode node) => new(File, node.Start.Line, node.Start.Column);

    public void Error(YamlNode node, string message) => Problems.Add(new ContractProblem(At(node), ProblemSeverity.Error, message));

    public void Warning(YamlNode node, string message) => Problems.Add(new ContractProblem(At(node), ProblemSeverity.Warning, message));

    /// <summary>The mapping's entries by key; duplicate keys are reported (the last one wins, as in most YAML tools).</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        var entries = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (entries.ContainsKey(name))
            {
                Error(key, $"'{name}' is given twice in this block; keep one.");
            }

            entries[name] = (key, value);
        }

        return entries;
    }

    /// <summary>What people write from other tools, and the ODCS field they mean.</summary>
    private static readonly Dictionary<string, string> Meant = new(StringComparer.OrdinalIgnoreCase)
    {
        ["isNullable"] = "required (the other way round)", ["nullable"] = "required (the other way round)", ["isUnique"] = "unique",
        ["isPrimaryKey"] = "primaryKey", ["pk"] = "primaryKey", ["type"] = "logicalType (or physicalType)", ["dataType"] = "logicalType (or physicalType)",
        ["columns"] = "properties", ["fields"] = "properties", ["tests"] = "quality", ["checks"] = "quality",
    };

    /// <summary>
    /// Reports keys the standard does not have here (<paramref name="fieldsOf"/> this contract's version), saying what
    /// was probably meant: the closest field, the field another tool's name stands for, or the version a field arrived
    /// in. An error where the schema is closed (<paramref name="closed"/>), a warning where it is open (the field is kept
    /// but not used).
    /// </summary>
    public void CheckKeys(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, Func<ContractStandard, IReadOnlyCollection<string>> fieldsOf, string where, bool closed)
    {
        ArgumentNullException.ThrowIfNull(fieldsOf);
        var known = fieldsOf(Standard);
        foreach (var (name, (key, _)) in entries)
        {
            if (known.Contains(name))
            {
                continue;
            }

            var arrived = ContractStandard.FirstWith(fieldsOf, name);
            var closest = Text.Suggestions.Closest(name, known);
            var hint = arrived is not null ? $" It arrived in ODCS {arrived}: move the contract to apiVersion: {arrived} or later, or remove it."
                : Meant.TryGetValue(name, out var meant) && where == "a property" ? $" ODCS writes it as {meant}."
                : closest is not null ? $" Did you mean '{closest}'?"
                : known.Count <= 12 ? $" Its fields: {string.Join(", ", known)}."
                : string.Empty;
            if (closed)
            {
                Error(key, $"'{name}' is not a field of {where} in ODCS {Standard.ApiVersion}, and the standard allows no others here (validators reject the file).{hint}");
            }
            else
            {
                Warning(key, $"'{name}' is not a field of {where} in ODCS {Standard.ApiVersion}; it is kept but not used.{hint}");
            }
        }
    }

    /// <summary>
    /// Where line <paramref name="line"/>, column <paramref name="column"/> (1-based) of a scalar's text is in the file: a
    /// block scalar (<c>|</c>, <c>&gt;</c>) starts on the line after its indicator, at the block's indentation.
    /// </summary>
    public SourceLocation At(YamlScalarNode node, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Style is YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            var fileLine = (int)node.Start.Line + line;
            var indent = fileLine - 1 < _lines.Length ? _lines[fileLine - 1].TakeWhile(c => c == ' ').Count() : 0;
            return new SourceLocation(File, fileLine, indent + column);
        }

        var quote = node.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted ? 1 : 0;
        return line == 1
            ? new SourceLocation(File, node.Start.Line, node.Start.Column + quote + column - 1)
            : new SourceLocation(File, node.Start.Line + line - 1, column);
    }

    public string? String(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key, YamlNode owner, bool required = false)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            if (required)
            {
                Error(owner, $"'{key}' is required here and missing.");
            }

            return null;
        }

        if (IsNull(entry.Value))
        {
            // The standard's text fields take text: an empty value is not "absent" to a validator.
            Error(entry.Value, $"'{key}' is empty; ODCS wants text here (null is not allowed). Give it a value, or remove the line.");
            return null;
        }

        if (entry.Value is not YamlScalarNode scalar)
        {
            Error(entry.Value, $"'{key}' must be a single value (text), not a {Describe(entry.Value)}.");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>A list of text values (tags), empty when absent; anything else is an error.</summary>
    public IReadOnlyList<string> Strings(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            return [];
        }

        if (entry.Value is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode))
        {
            return list.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? string.Empty).ToList();
        }

        Error(entry.Value, $"'{key}' is a list of text values, e.g. {key}: [finance, daily].");
        return [];
    }

    public bool Bool(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key, bool fallback = false)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return fallback;
        }

        if (entry.Value is YamlScalarNode { Value: var text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(entry.Value, $"'{key}' must be true or false, not '{(entry.Value as YamlScalarNode)?.Value ?? Describe(entry.Value)}'.");
        return fallback;
    }

    public int? Int(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Value is YamlScalarNode { Value: var text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(entry.Value, $"'{key}' must be a whole number, not '{(entry.Value as YamlScalarNode)?.Value ?? Describe(entry.Value)}'.");
        return null;
    }

    public decimal? Number(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: var text } && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, $"'{key}' must be a number, not '{(node as YamlScalarNode)?.Value ?? Describe(node)}'.");
        return null;
    }

    public IEnumerable<YamlMappingNode> Sequence(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key, string itemName)
    {
        if (!entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            yield break;
        }

        if (entry.Value is not YamlSequenceNode sequence)
        {
            Error(entry.Value, $"'{key}' must be a list of {itemName}s (items starting with '- '), not a {Describe(entry.Value)}.");
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode map)
            {
                yield return map;
            }
            else
            {
                Error(item, $"each item of '{key}' must be a {itemName} (a block of 'field: value' lines), not a {Describe(item)}.");
            }
        }
    }

    /// <summary>A YAML value as plain .NET data, for fields kept but not modelled.</summary>
    public static object? ToObject(YamlNode node) => node switch
    {
        YamlScalarNode scalar => IsNull(scalar) ? null : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => ToObject(kv.Value)),
        _ => null,
    };

    public static Dictionary<string, object?> Rest(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, IReadOnlyCollection<string> modelled) =>
        entries.Where(e => !modelled.Contains(e.Key)).ToDictionary(e => e.Key, e => ToObject(e.Value.Value));

    public static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted, Value: null or "" or "~" or "null" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "block of fields",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
