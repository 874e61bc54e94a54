using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>The outcome of parsing one contract file: the contract (null when the file is unusable) and every problem found.</summary>
public sealed record ContractParseResult(DataContract? Contract, IReadOnlyList<ContractProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Parses ODCS v3.0.x and v3.1.0 YAML into a <see cref="DataContract"/>, linting it by the official JSON schema of its
/// <c>apiVersion</c> (<see cref="ContractStandard"/>): what the schema forbids is an error, what it allows but Workbench
/// cannot act on is a warning that says so. Every problem is reported with its file, line and column.
/// </summary>
public static class ContractParser
{
    public static IReadOnlyList<string> SupportedApiVersions { get; } = ContractStandard.Versions.Select(v => v.ApiVersion).ToList();

    public static ContractParseResult ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(path, File.ReadAllText(path));
    }

    public static ContractParseResult Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var yaml = new ContractYaml(file, text);
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
        var apiVersion = yaml.String(top, "apiVersion", root, required: true);
        if (apiVersion is not null && ContractStandard.For(apiVersion) is null)
        {
            yaml.Error(top["apiVersion"].Value, $"apiVersion '{apiVersion}' is not supported; use one of {string.Join(", ", SupportedApiVersions)}" +
                (apiVersion.StartsWith("v2", StringComparison.Ordinal) ? " (ODCS v2 documents must be converted to v3 first)." : "."));
        }

        yaml.Standard = ContractStandard.For(apiVersion) ?? ContractStandard.Latest;
        yaml.CheckKeys(top, v => v.TopLevelFields, "a data contract", closed: true);
        var kind = yaml.String(top, "kind", root, required: true);
        if (kind is not null && kind != "DataContract")
        {
            yaml.Error(top["kind"].Value, $"kind is '{kind}'; an ODCS data contract has kind: DataContract.");
        }

        CheckShapes(yaml, top);
        var description = Description(yaml, top);
        var schema = yaml.Sequence(top, "schema", "schema object").Select(o => SchemaParser.ParseObject(yaml, o)).ToList();
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
            Purpose = description is null ? null : yaml.String(description, "purpose", top["description"].Value),
            Usage = description is null ? null : yaml.String(description, "usage", top["description"].Value),
            Limitations = description is null ? null : yaml.String(description, "limitations", top["description"].Value),
            Tags = yaml.Strings(top, "tags"),
            Servers = yaml.Sequence(top, "servers", "server").Select(s => ServerParser.Parse(yaml, s)).ToList(),
            Schema = schema,
            SlaProperties = yaml.Sequence(top, "slaProperties", "SLA property").Select(s => SlaParser.Parse(yaml, s)).ToList(),
            SlaDefaultElement = yaml.String(top, "slaDefaultElement", root),
            Other = ContractYaml.Rest(top, ["apiVersion", "kind", "id", "version", "status", "name", "domain", "dataProduct", "tenant", "description", "tags", "servers", "schema", "slaProperties", "slaDefaultElement"]),
        };
        return new ContractParseResult(SlaParser.Resolve(yaml, contract), yaml.Problems);
    }

    /// <summary>
    /// The shape of the top-level fields Workbench keeps without reading: lists where the standard has lists, blocks where
    /// it has blocks. v3.0.x's team is a list of members; v3.1.0 also takes a team block (name, members).
    /// </summary>
    private static void CheckShapes(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        foreach (var list in (string[])["roles", "support", "customProperties", "authoritativeDefinitions", "slaProperties", "servers", "schema"])
        {
            if (top.TryGetValue(list, out var entry) && entry.Value is not YamlSequenceNode && !ContractYaml.IsNull(entry.Value))
            {
                yaml.Error(entry.Value, $"'{list}' is a list (items starting with '- '), not a {ContractYaml.Describe(entry.Value)}.");
            }
        }

        if (top.TryGetValue("price", out var price) && price.Value is not YamlMappingNode)
        {
            yaml.Error(price.Value, "'price' is a block (priceAmount, priceCurrency, priceUnit).");
        }

        if (top.TryGetValue("team", out var team))
        {
            var blockAllowed = yaml.Standard.MetricRules; // v3.1.0
            if (team.Value is YamlMappingNode && !blockAllowed)
            {
                yaml.Error(team.Value, $"in ODCS {yaml.Standard.ApiVersion} 'team' is a list of members (- username: ..., role: ...); the team block (name, members) arrived in v3.1.0.");
            }
            else if (team.Value is not (YamlMappingNode or YamlSequenceNode))
            {
                yaml.Error(team.Value, blockAllowed ? "'team' is a block (name, members) or a list of members." : "'team' is a list of members (- username: ..., role: ...).");
            }
        }
    }

    /// <summary>The top-level description is a block (purpose, usage, limitations) in every v3 version; text or null is invalid.</summary>
    private static Dictionary<string, (YamlNode Key, YamlNode Value)>? Description(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        if (!top.TryGetValue("description", out var entry))
        {
            return null;
        }

        if (entry.Value is YamlMappingNode map)
        {
            return yaml.Entries(map);
        }

        yaml.Error(entry.Value, ContractYaml.IsNull(entry.Value)
            ? "description is empty; in ODCS v3 it is a block (purpose, usage, limitations) and cannot be null. Fill it in, or remove the line."
            : "in ODCS v3 the contract's description is a block, not text; write it as\n  description:\n    purpose: ...\n    usage: ...\n    limitations: ...");
        return null;
    }
}
