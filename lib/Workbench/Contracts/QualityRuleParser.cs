using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>Parses one ODCS quality rule: library metric, SQL query, text or custom, with its operator, unit and severity.</summary>
internal static class QualityRuleParser
{
    private static readonly string[] Keys = ["type", "metric", "rule", "arguments", "query", "engine", "implementation", "description", "dimension", "method", "name", "schedule", "scheduler", "severity", "tags", "unit", "businessImpact", "customProperties", "authoritativeDefinitions", "validValues", "id", .. QualityOperator.Keys.Keys];

    private static readonly Dictionary<string, QualityMetric> Metrics = new(StringComparer.Ordinal)
    {
        ["nullValues"] = QualityMetric.NullValues,
        ["missingValues"] = QualityMetric.MissingValues,
        ["invalidValues"] = QualityMetric.InvalidValues,
        ["duplicateValues"] = QualityMetric.DuplicateValues,
        ["rowCount"] = QualityMetric.RowCount,
    };

    private static readonly string[] Severities = ["error", "warning", "info"];

    public static QualityRule Parse(ContractYaml yaml, YamlMappingNode node)
    {
        var entries = yaml.Entries(node);
        yaml.CheckKeys(entries, Keys, "a quality rule");
        var metricText = yaml.String(entries, "metric", node) ?? yaml.String(entries, "rule", node);
        var typeText = yaml.String(entries, "type", node) ?? (metricText is not null ? "library" : "library");
        if (!Enum.TryParse<QualityRuleType>(typeText, ignoreCase: true, out var type))
        {
            yaml.Error(entries["type"].Value, $"quality rule type '{typeText}' is not one of: library, sql, text, custom.");
            type = QualityRuleType.Text;
        }

        QualityMetric? metric = null;
        if (type == QualityRuleType.Library)
        {
            if (metricText is null)
            {
                yaml.Error(node, $"a library quality rule needs a metric: one of {string.Join(", ", Metrics.Keys)}.");
            }
            else if (Metrics.TryGetValue(metricText, out var m))
            {
                metric = m;
            }
            else if (!entries.ContainsKey("metric") && entries.TryGetValue("rule", out var legacyRule))
            {
                // ODCS v3.0 wrote library rules as free-form 'rule:' names (nullCheck, countCheck, between, ...): valid, but not defined well enough to evaluate.
                yaml.Warning(legacyRule.Value,
                    $"rule '{metricText}' (ODCS v3.0 style) is kept but not evaluated; to check it, write 'metric:' with one of {string.Join(", ", Metrics.Keys)} and an operator.");
            }
            else
            {
                var closest = Text.Suggestions.Closest(metricText, Metrics.Keys);
                yaml.Error(entries["metric"].Value, $"metric '{metricText}' is not an ODCS library metric; use one of: {string.Join(", ", Metrics.Keys)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
            }
        }

        var query = yaml.String(entries, "query", node, required: type == QualityRuleType.Sql);
        var op = ParseOperator(yaml, entries, node, needed: type == QualityRuleType.Sql || (type == QualityRuleType.Library && (metric is not null || entries.ContainsKey("metric"))));
        var unit = yaml.String(entries, "unit", node) ?? "rows";
        if (unit is not ("rows" or "percent"))
        {
            yaml.Warning(entries["unit"].Value, $"unit '{unit}' is not one Workbench evaluates; use rows or percent. The rule is compared as rows.");
        }

        var severity = yaml.String(entries, "severity", node) ?? "error";
        if (!Severities.Contains(severity))
        {
            yaml.Warning(entries["severity"].Value, $"severity '{severity}' is not error, warning or info; it is treated as error.");
            severity = "error";
        }

        if (type == QualityRuleType.Custom)
        {
            yaml.String(entries, "engine", node, required: true);
            if (!entries.ContainsKey("implementation"))
            {
                yaml.Error(node, "a custom quality rule needs 'implementation' (the engine's own rule text).");
            }
        }

        var arguments = entries.TryGetValue("arguments", out var args) && args.Value is YamlMappingNode argMap
            ? argMap.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => ContractYaml.ToObject(kv.Value))
            : new Dictionary<string, object?>();
        if (entries.TryGetValue("validValues", out var legacy))
        {
            arguments["validValues"] = ContractYaml.ToObject(legacy.Value);
        }

        return new QualityRule
        {
            Type = type,
            Metric = metric,
            Query = query,
            Operator = op,
            Unit = unit is "percent" ? "percent" : "rows",
            Severity = severity,
            Name = yaml.String(entries, "name", node),
            Description = yaml.String(entries, "description", node),
            Arguments = arguments,
            Other = ContractYaml.Rest(entries, ["type", "metric", "rule", "arguments", "validValues", "query", "unit", "severity", "name", "description", .. QualityOperator.Keys.Keys]),
            Location = yaml.At(node),
        };
    }

    private static QualityOperator? ParseOperator(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode node, bool needed)
    {
        var given = entries.Where(e => QualityOperator.Keys.ContainsKey(e.Key)).ToList();
        if (given.Count == 0)
        {
            if (needed)
            {
                yaml.Error(node, $"the rule needs one operator saying what the measured value must be: {string.Join(", ", QualityOperator.Keys.Keys)}.");
            }

            return null;
        }

        if (given.Count > 1)
        {
            yaml.Error(given[1].Value.Key, $"a rule takes one operator, and this one has {string.Join(" and ", given.Select(g => g.Key))}; split it into two rules.");
        }

        var (key, (_, value)) = given[0];
        var kind = QualityOperator.Keys[key];
        if (kind is QualityOperatorKind.MustBeBetween or QualityOperatorKind.MustNotBeBetween)
        {
            if (value is not YamlSequenceNode { Children.Count: 2 } pair)
            {
                yaml.Error(value, $"{key} takes two numbers, smallest first, e.g. {key}: [0, 100].");
                return null;
            }

            var low = yaml.Number(pair.Children[0], key);
            var high = yaml.Number(pair.Children[1], key);
            if (low is null || high is null)
            {
                return null;
            }

            if (low > high)
            {
                yaml.Error(value, $"{key} lists the smallest number first: [{high}, {low}], not [{low}, {high}].");
            }

            return new QualityOperator(kind, low.Value, high.Value);
        }

        return yaml.Number(value, key) is { } number ? new QualityOperator(kind, number) : null;
    }
}
