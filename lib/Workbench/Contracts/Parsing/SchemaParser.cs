using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>Parses schema objects, their properties (with nested items and fields), logicalTypeOptions and relationships.</summary>
internal static class SchemaParser
{
    public static SchemaObject ParseObject(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, v => v.SchemaObjectFields, "a schema object", closed: true);
        var name = yaml.String(entries, "name", node, required: true) ?? "(unnamed)";
        if (yaml.String(entries, "logicalType", node) is { } logical && logical != "object")
        {
            yaml.Error(entries["logicalType"].Value, $"a schema object's logicalType is 'object' (or left out), not '{logical}'.");
        }

        var properties = yaml.Sequence(entries, "properties", "property").Select(p => ParseProperty(yaml, p, item: false)).ToList();
        CheckNames(yaml, properties, name);
        foreach (var clash in properties.Where(p => p.PrimaryKey && p.PrimaryKeyPosition > 0).GroupBy(p => p.PrimaryKeyPosition).Where(g => g.Count() > 1))
        {
            yaml.Problems.Add(new ContractProblem(clash.Skip(1).First().Location, ProblemSeverity.Error,
                $"primaryKeyPosition {clash.Key} is used by {string.Join(" and ", clash.Select(p => p.Name))}; each key column needs its own position."));
        }

        CheckSchemaMode(yaml, entries);
        return new SchemaObject
        {
            Name = name,
            PhysicalName = yaml.String(entries, "physicalName", node),
            PhysicalType = yaml.String(entries, "physicalType", node),
            Description = yaml.String(entries, "description", node),
            Properties = properties,
            Quality = yaml.Sequence(entries, "quality", "quality rule").Select(q => QualityRuleParser.Parse(yaml, q, atProperty: false)).ToList(),
            Relationships = yaml.Sequence(entries, "relationships", "relationship").Select(r => ParseRelationship(yaml, r, atProperty: false)).OfType<Relationship>().ToList(),
            Tags = yaml.Strings(entries, "tags"),
            Other = ContractYaml.Rest(entries, ["name", "physicalName", "physicalType", "description", "properties", "quality", "relationships", "tags"]),
            Location = yaml.At(node),
        };
    }

    private static void CheckNames(ContractYaml yaml, List<SchemaProperty> properties, string owner)
    {
        foreach (var duplicate in properties.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var second = duplicate.Skip(1).First();
            yaml.Problems.Add(new ContractProblem(second.Location, ProblemSeverity.Error,
                $"property '{second.Name}' appears more than once in '{owner}' (names are compared case-insensitively, as the warehouses do); rename or remove one."));
        }
    }

    /// <summary>Workbench reads the raw loader's schema mode from a custom property; a misspelt mode must not silently mean evolve.</summary>
    private static void CheckSchemaMode(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
    {
        if (!entries.TryGetValue("customProperties", out var custom) || custom.Value is not YamlSequenceNode list)
        {
            return;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            var fields = item.Children.Where(kv => kv.Key is YamlScalarNode).ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => kv.Value, StringComparer.Ordinal);
            if (fields.TryGetValue("property", out var key) && key is YamlScalarNode { Value: Loading.RawTableSpec.SchemaModeProperty }
                && (!fields.TryGetValue("value", out var value) || value is not YamlScalarNode scalar || !Loading.SchemaModes.TryParse(scalar.Value, out _)))
            {
                yaml.Error(value ?? item, $"schemaMode must be one of {Loading.SchemaModes.Allowed}.");
            }
        }
    }

    /// <param name="item">An array's <c>items</c>: it needs no name.</param>
    private static SchemaProperty ParseProperty(ContractYaml yaml, YamlMappingNode node, bool item)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, v => v.PropertyFields, item ? "an array's items" : "a property", closed: true);
        var name = yaml.String(entries, "name", node, required: !item) ?? (item ? "items" : "(unnamed)");
        var logicalType = LogicalTypeOf(yaml, entries);
        SchemaProperty? items = null;
        if (entries.TryGetValue("items", out var itemsEntry))
        {
            if (logicalType != LogicalType.Array)
            {
                yaml.Error(itemsEntry.Key, $"'items' describes an array's elements; '{name}' needs logicalType: array to have them.");
            }

            if (itemsEntry.Value is YamlMappingNode itemsMap)
            {
                items = ParseProperty(yaml, itemsMap, item: true);
            }
            else
            {
                yaml.Error(itemsEntry.Value, "'items' is one block of fields (logicalType, physicalType, properties, ...), not a list.");
            }
        }

        var fields = new List<SchemaProperty>();
        if (entries.TryGetValue("properties", out var fieldsEntry))
        {
            if (logicalType != LogicalType.Object)
            {
                yaml.Error(fieldsEntry.Key, $"'properties' lists an object's fields; '{name}' needs logicalType: object to have them.");
            }

            fields = yaml.Sequence(entries, "properties", "property").Select(p => ParseProperty(yaml, p, item: false)).ToList();
            CheckNames(yaml, fields, name);
        }

        return new SchemaProperty
        {
            Name = name,
            PhysicalName = yaml.String(entries, "physicalName", node),
            PhysicalType = yaml.String(entries, "physicalType", node),
            LogicalType = logicalType,
            Description = yaml.String(entries, "description", node),
            Required = yaml.Bool(entries, "required"),
            Unique = yaml.Bool(entries, "unique"),
            PrimaryKey = yaml.Bool(entries, "primaryKey"),
            PrimaryKeyPosition = yaml.Int(entries, "primaryKeyPosition") ?? -1,
            Partitioned = yaml.Bool(entries, "partitioned"),
            Classification = yaml.String(entries, "classification", node),
            Options = entries.TryGetValue("logicalTypeOptions", out var options) ? ParseOptions(yaml, options, logicalType) : null,
            Examples = entries.TryGetValue("examples", out var examples) && examples.Value is YamlSequenceNode list ? list.Children.Select(ContractYaml.ToObject).ToList() : [],
            Relationships = yaml.Sequence(entries, "relationships", "relationship").Select(r => ParseRelationship(yaml, r, atProperty: true)).OfType<Relationship>().ToList(),
            Quality = yaml.Sequence(entries, "quality", "quality rule").Select(q => QualityRuleParser.Parse(yaml, q, atProperty: true)).ToList(),
            Tags = yaml.Strings(entries, "tags"),
            Items = items,
            Properties = fields,
            Other = ContractYaml.Rest(entries, ["name", "physicalName", "physicalType", "logicalType", "description", "required", "unique", "primaryKey", "primaryKeyPosition", "partitioned", "classification", "logicalTypeOptions", "examples", "relationships", "quality", "tags", "items", "properties"]),
            Location = yaml.At(node),
        };
    }

    private static LogicalType? LogicalTypeOf(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
    {
        if (!entries.TryGetValue("logicalType", out var entry) || yaml.String(entries, "logicalType", entry.Key) is not { } logical)
        {
            return null;
        }

        // The standard spells logical types in lower case, exactly.
        var known = Enum.GetValues<LogicalType>().Where(t => string.Equals(t.ToString().ToLowerInvariant(), logical, StringComparison.Ordinal)).ToList();
        var allowed = yaml.Standard.LogicalTypes.Select(t => t.ToString().ToLowerInvariant()).ToList();
        if (known.Count == 1 && yaml.Standard.LogicalTypes.Contains(known[0]))
        {
            return known[0];
        }

        if (known.Count == 1)
        {
            yaml.Error(entry.Value, $"logicalType '{logical}' arrived in ODCS v3.1.0; in {yaml.Standard.ApiVersion} write logicalType: date with physicalType: {logical} " +
                "(the physical type then decides), or move the contract to apiVersion: v3.1.0.");
            return known[0];
        }

        var closest = Text.Suggestions.Closest(logical, allowed);
        yaml.Error(entry.Value, $"logicalType '{logical}' is not an ODCS {yaml.Standard.ApiVersion} logical type; use one of: {string.Join(", ", allowed)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
        return null;
    }

    private static LogicalTypeOptions? ParseOptions(ContractYaml yaml, (YamlNode Key, YamlNode Value) entry, LogicalType? type)
    {
        if (entry.Value is not YamlMappingNode map)
        {
            yaml.Error(entry.Value, "logicalTypeOptions must be a block of fields (minimum, maximum, pattern, format, minLength, maxLength, ...).");
            return null;
        }

        var entries = yaml.Entries(map);
        var allowed = yaml.Standard.OptionsFor(type);
        if (allowed.Count == 0)
        {
            yaml.Error(entry.Key, type is null
                ? "logicalTypeOptions need a logicalType to apply to; add one (string, integer, number, date, ...)."
                : $"a {type.ToString()!.ToLowerInvariant()} has no logicalTypeOptions in ODCS; remove them.");
            return null;
        }

        yaml.CheckKeys(entries, v => v.OptionsFor(type), $"the logicalTypeOptions of a {type.ToString()!.ToLowerInvariant()}", closed: true);
        if (yaml.String(entries, "pattern", map) is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                yaml.Error(entries["pattern"].Value, $"pattern is not a valid regular expression: {e.Message}");
            }
        }

        var format = yaml.String(entries, "format", map);
        if (format is not null && ContractStandard.FormatsFor(type) is { } formats && !formats.Contains(format))
        {
            yaml.Error(entries["format"].Value, $"format '{format}' is not one ODCS defines for a {type.ToString()!.ToLowerInvariant()}; use one of: {string.Join(", ", formats)}.");
        }

        var (minimum, exclusiveMinimum) = Bound(yaml, entries, map, "minimum", "exclusiveMinimum");
        var (maximum, exclusiveMaximum) = Bound(yaml, entries, map, "maximum", "exclusiveMaximum");
        string[] modelled = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "pattern", "format", "minLength", "maxLength", "multipleOf"];
        return new LogicalTypeOptions
        {
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum,
            ExclusiveMaximum = exclusiveMaximum,
            Pattern = yaml.String(entries, "pattern", map),
            Format = format,
            MinLength = yaml.Int(entries, "minLength"),
            MaxLength = yaml.Int(entries, "maxLength"),
            MultipleOf = entries.TryGetValue("multipleOf", out var m) ? yaml.Number(m.Value, "multipleOf") : null,
            Other = ContractYaml.Rest(entries, modelled),
        };
    }

    /// <summary>
    /// A lower or upper bound. In v3.1.0 <c>exclusiveMinimum</c> is the bound itself; in v3.0.x it is true/false and makes
    /// <c>minimum</c> exclusive. Either way the result is (inclusive bound, exclusive bound), one of them set.
    /// </summary>
    private static (string? Inclusive, string? Exclusive) Bound(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode map, string inclusiveKey, string exclusiveKey)
    {
        var inclusive = yaml.String(entries, inclusiveKey, map);
        if (!entries.TryGetValue(exclusiveKey, out var exclusive))
        {
            return (inclusive, null);
        }

        var text = (exclusive.Value as YamlScalarNode)?.Value;
        var isFlag = text is "true" or "false";
        if (yaml.Standard.ExclusiveBoundsAreFlags)
        {
            if (!isFlag)
            {
                yaml.Error(exclusive.Value, $"in {yaml.Standard.ApiVersion} {exclusiveKey} is true or false and makes {inclusiveKey} exclusive (v3.1.0 writes the bound itself); write {inclusiveKey}: {text} with {exclusiveKey}: true.");
                return (inclusive, null);
            }

            if (text == "true" && inclusive is null)
            {
                yaml.Error(exclusive.Value, $"{exclusiveKey}: true makes {inclusiveKey} exclusive, and there is no {inclusiveKey}.");
            }

            return text == "true" ? (null, inclusive) : (inclusive, null);
        }

        if (isFlag)
        {
            yaml.Error(exclusive.Value, $"in {yaml.Standard.ApiVersion} {exclusiveKey} is the bound itself (e.g. {exclusiveKey}: 0), not true/false as in v3.0.");
            return (inclusive, null);
        }

        return (inclusive, yaml.String(entries, exclusiveKey, map));
    }

    private static Relationship? ParseRelationship(ContractYaml yaml, YamlMappingNode node, bool atProperty)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, _ => ["from", "to", "type", "customProperties"], "a relationship", closed: true);
        if (yaml.String(entries, "type", node) is { } type && type != "foreignKey")
        {
            yaml.Error(entries["type"].Value, $"relationship type '{type}' is not one ODCS defines; the only type is foreignKey (the default).");
        }

        var to = Columns(yaml, entries, "to", node, required: true);
        var from = Columns(yaml, entries, "from", node, required: !atProperty);
        if (atProperty && from is not null)
        {
            yaml.Error(entries["from"].Value, "at property level 'from' is the property itself and must not be written; remove it, or move the relationship to the schema object.");
            from = null;
        }

        if (to is null || (!atProperty && from is null))
        {
            return null;
        }

        if (from is not null && from.Count != to.Count)
        {
            yaml.Error(node, $"relationship 'from' lists {from.Count} column(s) but 'to' lists {to.Count}; a composite key pairs them in order.");
            return null;
        }

        if (atProperty && to.Count != 1)
        {
            yaml.Error(entries["to"].Value, "at property level a relationship points at one column; put composite keys on the schema object, with 'from' and 'to' lists.");
            return null;
        }

        return new Relationship(from ?? [], to, "foreignKey", yaml.At(node));
    }

    /// <summary>A relationship end: one <c>table.column</c>, or a list of them for a composite key.</summary>
    private static List<string>? Columns(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key, YamlNode owner, bool required)
    {
        if (entries.TryGetValue(key, out var entry) && entry.Value is YamlSequenceNode list)
        {
            var columns = list.Children.OfType<YamlScalarNode>().Select(c => c.Value ?? string.Empty).ToList();
            if (columns.Count == 0 || columns.Count != list.Children.Count)
            {
                yaml.Error(list, $"'{key}' lists table.column references as text; found an empty list or a nested block.");
                return null;
            }

            return columns;
        }

        return yaml.String(entries, key, owner, required) is { } single ? [single] : null;
    }
}
