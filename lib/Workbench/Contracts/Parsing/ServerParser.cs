using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>Parses one <c>servers</c> entry: its name and type, the fields its type requires, and nothing the standard lacks.</summary>
internal static class ServerParser
{
    public static ContractServer Parse(ContractYaml yaml, YamlMappingNode node)
    {
        var standard = yaml.Standard;
        var entries = yaml.Entries(node);
        var name = yaml.String(entries, "server", node, required: true) ?? string.Empty;
        var type = yaml.String(entries, "type", node, required: true) ?? string.Empty;
        yaml.CheckKeys(entries, v => v.ServerFieldsFor(type), type.Length > 0 ? $"{Article(type)} {type} server" : "a server", standard.ClosedServers);
        if (type.Length > 0 && !standard.ServerTypes.Contains(type))
        {
            var closest = Text.Suggestions.Closest(type, standard.ServerTypes);
            yaml.Error(entries["type"].Value, $"server type '{type}' is not one ODCS {standard.ApiVersion} lists.{(closest is null ? $" Types: {string.Join(", ", standard.ServerTypes)}." : $" Did you mean '{closest}'?")}");
        }
        else if (type.Length > 0)
        {
            var missing = ContractStandard.RequiredServerFields(type).Where(f => !entries.ContainsKey(f)).ToList();
            if (missing.Count > 0)
            {
                yaml.Error(node, $"{Article(type)} {type} server needs {string.Join(", ", missing)} (ODCS requires {string.Join(", ", ContractStandard.RequiredServerFields(type))}).");
            }

            if (standard.MistakenlyRequiredServerFields.TryGetValue(type, out var mistaken) && !entries.ContainsKey(mistaken))
            {
                yaml.Warning(node, $"the official {standard.ApiVersion} JSON schema requires '{mistaken}' on {Article(type)} {type} server (a mistake: it defines only '{ContractStandard.RequiredServerFields(type)[0]}'; v3.0.2 corrects it), so validators reject this file. Move to apiVersion: v3.0.2 or later to validate cleanly.");
            }
        }

        if (entries.TryGetValue("port", out var port) && !int.TryParse((port.Value as YamlScalarNode)?.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            yaml.Error(port.Value, "port is a whole number, e.g. port: 5432.");
        }

        if (standard.IntegerSchemaServerTypes.Contains(type) && entries.TryGetValue("schema", out var schema) && !int.TryParse((schema.Value as YamlScalarNode)?.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            yaml.Warning(schema.Value, $"the official {standard.ApiVersion} JSON schema types a {type} server's schema as a number (a mistake v3.1.0 corrects), so validators reject this text; Workbench reads it as the schema name. Move to apiVersion: v3.1.0 to validate cleanly.");
        }

        return new ContractServer(name, type, yaml.String(entries, "environment", node), ContractYaml.Rest(entries, ["server", "type", "environment"]), yaml.At(node));
    }

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";
}
