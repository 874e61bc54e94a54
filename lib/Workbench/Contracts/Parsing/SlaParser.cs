using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>
/// Parses SLA properties. ODCS leaves <c>unit</c> free and <c>value</c> any scalar; Workbench checks freshness (<c>latency</c>,
/// <c>freshness</c>) on the element's date or timestamp column, and says of every SLA it cannot check why, as a warning here
/// and as a skipped check when tests run.
/// </summary>
internal static class SlaParser
{
    public static SlaProperty Parse(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, v => v.SlaFields, "an SLA property", yaml.Standard.ClosedSlaItems);
        var property = yaml.String(entries, "property", node, required: true) ?? string.Empty;
        var hasValue = entries.TryGetValue("value", out var v);
        if (!hasValue)
        {
            yaml.Error(node, "an SLA property needs 'value' (ODCS requires property and value).");
        }
        else if (v.Value is not YamlScalarNode)
        {
            yaml.Error(v.Value, "an SLA value is one value (text, number, true/false), not a list or block; put more detail in valueExt or description.");
        }

        var value = hasValue && v.Value is YamlScalarNode ? ContractYaml.ToObject(v.Value) : null;
        var sla = new SlaProperty(property, value, yaml.String(entries, "unit", node), yaml.String(entries, "element", node), yaml.At(node));
        if (sla.IsFreshness && SlaDuration.TryParse(sla.Value, sla.Unit, out var problem) is null)
        {
            var reason = $"{property} is not checked: {problem}";
            yaml.Warning(entries.TryGetValue("unit", out var unit) ? unit.Value : v.Value ?? node, reason + ". A freshness promise Workbench checks reads e.g. 'value: 1' with 'unit: d', or 'value: 500ms'.");
            return sla with { SkipReason = reason };
        }

        return sla;
    }

    /// <summary>
    /// The contract with each freshness SLA's elements resolved: an element that names no date or timestamp column of this
    /// contract is valid ODCS (the standard's own examples do it) but cannot be checked, so it is a warning and a skip.
    /// </summary>
    public static DataContract Resolve(ContractYaml yaml, DataContract contract)
    {
        var slas = new List<SlaProperty>();
        foreach (var sla in contract.SlaProperties)
        {
            if (!sla.IsFreshness || sla.SkipReason is not null)
            {
                slas.Add(sla.IsFreshness ? sla : sla with { SkipReason = $"{sla.Property} is a promise about the service Workbench does not measure on the data (it checks latency/freshness)" });
                continue;
            }

            var elements = sla.ElementsOr(contract.SlaDefaultElement);
            string? reason = null;
            if (elements.Count == 0)
            {
                reason = $"{sla.Property} is not checked: it needs 'element: table.column' (or a top-level slaDefaultElement) naming the date or timestamp column whose latest value is judged";
            }

            foreach (var element in elements)
            {
                if (ContractFreshness.ResolveElement(contract, element) is not { } resolved)
                {
                    var known = contract.Schema.SelectMany(o => o.Properties.Select(p => $"{o.Name}.{p.Name}")).ToList();
                    var closest = Text.Suggestions.Closest(element, known);
                    reason = $"{sla.Property} element '{element}' is not a table.column of this contract, so it is not checked{(closest is null ? string.Empty : $" (did you mean '{closest}'?)")}";
                }
                else if (resolved.Column.LogicalType is not (null or LogicalType.Date or LogicalType.Timestamp))
                {
                    var type = resolved.Column.LogicalType.ToString()!.ToLowerInvariant();
                    reason = $"{sla.Property} element '{element}' is {("aeiou".Contains(type[0], StringComparison.Ordinal) ? "an" : "a")} {type} column, so it is not checked: freshness is the age of the newest value of a date or timestamp column";
                }
            }

            if (reason is not null)
            {
                yaml.Problems.Add(new ContractProblem(sla.Location, ProblemSeverity.Warning, reason + "."));
            }

            slas.Add(sla with { SkipReason = reason });
        }

        return contract with { SlaProperties = slas };
    }
}
