using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>The outcome of parsing one contract file: the contract (null when the file is unusable) and every problem found.</summary>
public sealed record ContractParseResult(DataContract? Contract, IReadOnlyList<ContractProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Parses ODCS v3.0.x and v3.1.0 YAML into a <see cref="DataContract"/>. Fields of the standard that Workbench does not act
/// on are kept; fields the standard does not have are warnings; wrong types, missing required fields and unknown enum
/// values are errors. Every problem is reported with its file, line and column.
/// </summary>
public static class ContractParser
{
    public static readonly IReadOnlyList<string> SupportedApiVersions = ["v3.1.0", "v3.0.2", "v3.0.1", "v3.0.0"];

    private static readonly string[] TopKeys = ["version", "kind", "apiVersion", "id", "name", "tenant", "tags", "status", "servers", "dataProduct", "description", "domain", "schema", "support", "price", "team", "roles", "slaDefaultElement", "slaProperties", "authoritativeDefinitions", "customProperties", "contractCreatedTs"];
    private static readonly string[] ObjectKeys = ["name", "physicalName", "physicalType", "logicalType", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties", "dataGranularityDescription", "properties", "quality", "relationships", "id"];
    private static readonly string[] PropertyKeys = ["name", "physicalName", "physicalType", "logicalType", "logicalTypeOptions", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties", "primaryKey", "primaryKeyPosition", "required", "unique", "partitioned", "partitionKeyPosition", "classification", "encryptedName", "transformSourceObjects", "transformLogic", "transformDescription", "examples", "criticalDataElement", "relationships", "quality", "items", "properties", "id"];
    private static readonly string[] SlaKeys = ["property", "value", "valueExt", "unit", "element", "driver", "description", "scheduler", "schedule", "id"];

    public static ContractParseResult ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(path, File.ReadAllText(path));
    }

    public static ContractParseResult Parse(string file, string text)
    {
        var yaml = new ContractYaml(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            yaml.Problems.Add(new ContractProblem(new SourceLocation(file, e.Start.Line, e.Start.Column), ProblemSeverity.Error,
                $"not valid YAML: {(e.InnerException?.Message ?? e.Message).TrimEnd('.')}. Check the indentation and quoting around this line."));
            return new ContractParseResult(null, yaml.Problems);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            yaml.Problems.Add(new ContractProblem(new SourceLocation(file, 1, 1), ProblemSeverity.Error,
                "a contract file holds one YAML document whose top level is a block of fields (apiVersion, kind, id, version, status, schema, ...)."));
            return new ContractParseResult(null, yaml.Problems);
        }

        var top = yaml.Entries(root);
        yaml.CheckKeys(top, TopKeys, "a data contract");
        var apiVersion = yaml.String(top, "apiVersion", root, required: true);
        if (apiVersion is not null && !SupportedApiVersions.Contains(apiVersion))
        {
            yaml.Error(top["apiVersion"].Value, $"apiVersion '{apiVersion}' is not supported; use one of {string.Join(", ", SupportedApiVersions)}" +
                (apiVersion.StartsWith("v2", StringComparison.Ordinal) ? " (ODCS v2 documents must be converted to v3 first)." : "."));
        }

        var kind = yaml.String(top, "kind", root, required: true);
        if (kind is not null && kind != "DataContract")
        {
            yaml.Error(top["kind"].Value, $"kind is '{kind}'; an ODCS data contract has kind: DataContract.");
        }

        var description = top.TryGetValue("description", out var d) ? d.Value : null;
        var descriptionEntries = description is YamlMappingNode descriptionMap ? yaml.Entries(descriptionMap) : null;
        if (description is not null and not YamlMappingNode && !ContractYaml.IsNull(description))
        {
            yaml.Warning(description, "in ODCS v3 'description' is a block with purpose, usage and limitations; a plain text description is kept as the purpose.");
        }

        var schema = yaml.Sequence(top, "schema", "schema object").Select(o => ParseObject(yaml, o)).ToList();
        foreach (var duplicate in schema.GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var second = duplicate.Skip(1).First();
            yaml.Problems.Add(new ContractProblem(second.Location, ProblemSeverity.Error, $"schema object '{second.Name}' is defined twice in this contract; names must be unique."));
        }

        var contract = new DataContract
        {
            File = file,
            ApiVersion = apiVersion ?? string.Empty,
            Kind = kind ?? string.Empty,
            Id = yaml.String(top, "id", root, required: true) ?? string.Empty,
            Version = yaml.String(top, "version", root, required: true) ?? string.Empty,
            Status = yaml.String(top, "status", root, required: true) ?? string.Empty,
            Name = yaml.String(top, "name", root),
            Domain = yaml.String(top, "domain", root),
            DataProduct = yaml.String(top, "dataProduct", root),
            Tenant = yaml.String(top, "tenant", root),
            Purpose = descriptionEntries is null ? (description as YamlScalarNode)?.Value : yaml.String(descriptionEntries, "purpose", description!),
            Usage = descriptionEntries is null ? null : yaml.String(descriptionEntries, "usage", description!),
            Limitations = descriptionEntries is null ? null : yaml.String(descriptionEntries, "limitations", description!),
            Tags = top.TryGetValue("tags", out var tags) && tags.Value is YamlSequenceNode tagList ? tagList.Children.OfType<YamlScalarNode>().Select(t => t.Value ?? string.Empty).ToList() : [],
            Servers = yaml.Sequence(top, "servers", "server").Select(s => ParseServer(yaml, s)).ToList(),
            Schema = schema,
            SlaProperties = yaml.Sequence(top, "slaProperties", "SLA property").Select(s => ParseSla(yaml, s)).ToList(),
            SlaDefaultElement = yaml.String(top, "slaDefaultElement", root),
            Other = ContractYaml.Rest(top, ["apiVersion", "kind", "id", "version", "status", "name", "domain", "dataProduct", "tenant", "description", "tags", "servers", "schema", "slaProperties", "slaDefaultElement"]),
        };
        CheckSlaElements(yaml, contract);
        return new ContractParseResult(contract, yaml.Problems);
    }

    private static SchemaObject ParseObject(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, ObjectKeys, "a schema object");
        var name = yaml.String(entries, "name", node, required: true) ?? "(unnamed)";
        var properties = yaml.Sequence(entries, "properties", "property").Select(p => ParseProperty(yaml, p)).ToList();
        foreach (var duplicate in properties.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var second = duplicate.Skip(1).First();
            yaml.Problems.Add(new ContractProblem(second.Location, ProblemSeverity.Error,
                $"property '{second.Name}' appears more than once in '{name}' (names are compared case-insensitively, as the warehouses do); rename or remove one."));
        }

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
            Quality = yaml.Sequence(entries, "quality", "quality rule").Select(q => QualityRuleParser.Parse(yaml, q)).ToList(),
            Relationships = yaml.Sequence(entries, "relationships", "relationship").Select(r => ParseRelationship(yaml, r, atProperty: false)).OfType<Relationship>().ToList(),
            Other = ContractYaml.Rest(entries, ["name", "physicalName", "physicalType", "description", "properties", "quality", "relationships"]),
            Location = yaml.At(node),
        };
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

    private static SchemaProperty ParseProperty(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, PropertyKeys, "a property");
        var name = yaml.String(entries, "name", node, required: true) ?? "(unnamed)";
        LogicalType? logicalType = null;
        if (yaml.String(entries, "logicalType", node) is { } logical)
        {
            // The standard spells logical types in lower case, exactly.
            var parsed = Enum.GetValues<LogicalType>().FirstOrDefault(t => string.Equals(t.ToString().ToLowerInvariant(), logical, StringComparison.Ordinal), (LogicalType)(-1));
            if ((int)parsed >= 0)
            {
                logicalType = parsed;
            }
            else
            {
                yaml.Error(entries["logicalType"].Value, $"logicalType '{logical}' is not an ODCS logical type; use one of: {string.Join(", ", Enum.GetNames<LogicalType>().Select(n => n.ToLowerInvariant()))}.");
            }
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
            Options = entries.TryGetValue("logicalTypeOptions", out var options) ? ParseOptions(yaml, options.Value) : null,
            Examples = entries.TryGetValue("examples", out var examples) && examples.Value is YamlSequenceNode list ? list.Children.Select(ContractYaml.ToObject).ToList() : [],
            Relationships = yaml.Sequence(entries, "relationships", "relationship").Select(r => ParseRelationship(yaml, r, atProperty: true)).OfType<Relationship>().ToList(),
            Quality = yaml.Sequence(entries, "quality", "quality rule").Select(q => QualityRuleParser.Parse(yaml, q)).ToList(),
            Other = ContractYaml.Rest(entries, ["name", "physicalName", "physicalType", "logicalType", "description", "required", "unique", "primaryKey", "primaryKeyPosition", "partitioned", "classification", "logicalTypeOptions", "examples", "relationships", "quality"]),
            Location = yaml.At(node),
        };
    }

    private static LogicalTypeOptions? ParseOptions(ContractYaml yaml, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            yaml.Error(node, "logicalTypeOptions must be a block of fields (minimum, maximum, pattern, format, minLength, maxLength, ...).");
            return null;
        }

        var entries = yaml.Entries(map);
        string[] modelled = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "pattern", "format", "minLength", "maxLength", "multipleOf"];
        if (yaml.String(entries, "pattern", map) is { } pattern)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                yaml.Error(entries["pattern"].Value, $"pattern is not a valid regular expression: {e.Message}");
            }
        }

        return new LogicalTypeOptions
        {
            Minimum = yaml.String(entries, "minimum", map),
            Maximum = yaml.String(entries, "maximum", map),
            ExclusiveMinimum = yaml.String(entries, "exclusiveMinimum", map),
            ExclusiveMaximum = yaml.String(entries, "exclusiveMaximum", map),
            Pattern = yaml.String(entries, "pattern", map),
            Format = yaml.String(entries, "format", map),
            MinLength = yaml.Int(entries, "minLength"),
            MaxLength = yaml.Int(entries, "maxLength"),
            MultipleOf = entries.TryGetValue("multipleOf", out var m) ? yaml.Number(m.Value, "multipleOf") : null,
            Other = ContractYaml.Rest(entries, modelled),
        };
    }

    private static Relationship? ParseRelationship(ContractYaml yaml, YamlMappingNode node, bool atProperty)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, ["from", "to", "type", "customProperties"], "a relationship");
        var to = Columns(yaml, entries, "to", node, required: true);
        var from = Columns(yaml, entries, "from", node, required: !atProperty);
        if (atProperty && from is not null)
        {
            yaml.Warning(entries["from"].Value, "at property level 'from' is implicit (the property itself); it is ignored.");
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

        return new Relationship(from ?? [], to, yaml.String(entries, "type", node) ?? "foreignKey", yaml.At(node));
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

    private static ContractServer ParseServer(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        return new ContractServer(
            yaml.String(entries, "server", node, required: true) ?? string.Empty,
            yaml.String(entries, "type", node, required: true) ?? string.Empty,
            yaml.String(entries, "environment", node),
            ContractYaml.Rest(entries, ["server", "type", "environment"]),
            yaml.At(node));
    }

    private static SlaProperty ParseSla(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, SlaKeys, "an SLA property");
        var sla = new SlaProperty(
            yaml.String(entries, "property", node, required: true) ?? string.Empty,
            entries.TryGetValue("value", out var value) ? ContractYaml.ToObject(value.Value) : null,
            yaml.String(entries, "unit", node),
            yaml.String(entries, "element", node),
            yaml.At(node));
        if (sla.IsFreshness && SlaDuration.TryParse(sla.Value, sla.Unit, out var problem) is null)
        {
            yaml.Error(entries.TryGetValue("unit", out var unit) && problem!.StartsWith("unit", StringComparison.Ordinal) ? unit.Value : value.Value ?? node,
                $"{sla.Property}: {problem}. A freshness promise reads e.g. 'value: 1' with 'unit: d'.");
        }

        return sla;
    }

    /// <summary>
    /// A freshness SLA is checked on the column its element names. An element that names no date or timestamp column of
    /// this contract is valid ODCS (the standard's own examples do it) but cannot be checked, so it is a warning.
    /// </summary>
    private static void CheckSlaElements(ContractYaml yaml, DataContract contract)
    {
        foreach (var sla in contract.SlaProperties.Where(s => s.IsFreshness))
        {
            var elements = sla.ElementsOr(contract.SlaDefaultElement);
            if (elements.Count == 0)
            {
                yaml.Problems.Add(new ContractProblem(sla.Location, ProblemSeverity.Warning,
                    $"{sla.Property} is not checked: it needs 'element: table.column' (or a top-level slaDefaultElement) naming the date or timestamp column whose latest value is judged."));
            }

            foreach (var element in elements)
            {
                if (ContractFreshness.ResolveElement(contract, element) is not { } resolved)
                {
                    var known = contract.Schema.SelectMany(o => o.Properties.Select(p => $"{o.Name}.{p.Name}")).ToList();
                    var closest = Text.Suggestions.Closest(element, known);
                    yaml.Problems.Add(new ContractProblem(sla.Location, ProblemSeverity.Warning,
                        $"{sla.Property} element '{element}' is not a table.column of this contract, so it is not checked.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}"));
                }
                else if (resolved.Column.LogicalType is not (null or LogicalType.Date or LogicalType.Timestamp))
                {
                    yaml.Problems.Add(new ContractProblem(sla.Location, ProblemSeverity.Error,
                        $"{sla.Property} element '{element}' is a {resolved.Column.LogicalType.ToString()!.ToLowerInvariant()} column; freshness is measured on a date or timestamp column."));
                }
            }
        }
    }
}
