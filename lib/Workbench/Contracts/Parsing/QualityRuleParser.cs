using YamlDotNet.RepresentationModel;

namespace Workbench.Contracts;

/// <summary>
/// Parses one ODCS quality rule (library metric, SQL query, text or custom) with its operator, unit and severity, by the
/// rules of the contract's apiVersion. A rule Workbench cannot run is kept with the reason (<see cref="QualityRule.SkipReason"/>),
/// warned about here and reported as skipped when tests run; nothing is dropped without a word.
/// </summary>
internal static class QualityRuleParser
{
    private static readonly Dictionary<string, QualityMetric> Metrics = new(StringComparer.Ordinal)
    {
        ["nullValues"] = QualityMetric.NullValues,
        ["missingValues"] = QualityMetric.MissingValues,
        ["invalidValues"] = QualityMetric.InvalidValues,
        ["duplicateValues"] = QualityMetric.DuplicateValues,
        ["rowCount"] = QualityMetric.RowCount,
    };

    /// <summary>The free-text v3.0 rule names the v3.0 docs use, as the metric each means.</summary>
    private static readonly Dictionary<string, QualityMetric> LegacyRules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["duplicateCount"] = QualityMetric.DuplicateValues,
        ["validValues"] = QualityMetric.InvalidValues,
        ["rowCount"] = QualityMetric.RowCount,
        ["nullCount"] = QualityMetric.NullValues,
        ["nullValues"] = QualityMetric.NullValues,
        ["missingValues"] = QualityMetric.MissingValues,
        ["invalidValues"] = QualityMetric.InvalidValues,
        ["duplicateValues"] = QualityMetric.DuplicateValues,
    };

    private static readonly string[] V31Fields = ["metric", "arguments"];

    private static readonly Dictionary<string, string> Severities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["error"] = "error", ["warning"] = "warning", ["warn"] = "warning", ["info"] = "info",
    };

    public static QualityRule Parse(ContractYaml yaml, YamlMappingNode node, bool atProperty)
    {
        var standard = yaml.Standard;
        var entries = yaml.Entries(node);
        // v3.0 has no metric/arguments (they are v3.1.0's): read them, but say the v3.0 schema's library rule names its 'rule'.
        var v31Only = standard.MetricRules ? [] : V31Fields.Where(entries.ContainsKey).ToList();
        yaml.CheckKeys(entries.Where(e => !v31Only.Contains(e.Key)).ToDictionary(), v => v.QualityFields, "a quality rule", standard.ClosedQualityItems);
        var typeText = yaml.String(entries, "type", node);
        var metricText = yaml.String(entries, "metric", node);
        var ruleText = yaml.String(entries, "rule", node);
        QualityRuleType type;
        if (typeText is null)
        {
            // v3.1.0: a rule with a metric is a library rule; one without is a description (text). v3.0: library is the default.
            type = standard.MetricRules && metricText is null && ruleText is null ? QualityRuleType.Text : QualityRuleType.Library;
        }
        else if (!Enum.TryParse(typeText, ignoreCase: true, out type) || !string.Equals(typeText, typeText.ToLowerInvariant(), StringComparison.Ordinal))
        {
            yaml.Error(entries["type"].Value, $"quality rule type '{typeText}' is not one of: library, sql, text, custom.");
            type = QualityRuleType.Text;
        }

        if (yaml.String(entries, "dimension", node) is { } dimension && !ContractStandard.Dimensions.Contains(dimension))
        {
            var closest = Text.Suggestions.Closest(dimension, ContractStandard.Dimensions);
            yaml.Error(entries["dimension"].Value, $"dimension '{dimension}' is not one ODCS allows: {string.Join(", ", ContractStandard.Dimensions)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
        }

        if (v31Only.Count > 0 && ruleText is null && type == QualityRuleType.Library)
        {
            yaml.Error(entries[v31Only[0]].Key, $"in ODCS {standard.ApiVersion} a library rule names its 'rule' (e.g. rule: {metricText ?? "nullValues"}); 'metric' and 'arguments' are v3.1.0's. Add the rule, or move the contract to apiVersion: v3.1.0.");
        }
        else if (v31Only.Count > 0)
        {
            yaml.Warning(entries[v31Only[0]].Key, $"'{v31Only[0]}' is ODCS v3.1.0's; {standard.ApiVersion} keeps it as an extra field, and Workbench reads it.");
        }

        string? skip = null;
        var metric = type == QualityRuleType.Library ? Metric(yaml, entries, node, metricText, ruleText, ref skip) : null;
        var skipAt = skip is not null ? entries["rule"].Value : node; // an unknown v3.0 rule name is pointed at
        var needsOperator = type == QualityRuleType.Sql || (type == QualityRuleType.Library && metric is not null);
        if (standard.ClosedQualityItems && type is QualityRuleType.Text or QualityRuleType.Custom && entries.Keys.FirstOrDefault(QualityOperator.Keys.ContainsKey) is { } stray)
        {
            yaml.Error(entries[stray].Key, $"'{stray}' compares what a library rule (metric) or an sql rule (query) measures; this rule has neither{(typeText is null ? " (with no type and no metric it is a description)" : string.Empty)}. Add a metric or a query, or remove the operator.");
        }

        var operators = type is QualityRuleType.Text or QualityRuleType.Custom ? [] : Operators(yaml, entries, node, needsOperator, ref skip);
        var unit = Unit(yaml, entries, node, metric, ref skip);
        var arguments = Arguments(yaml, entries);
        var query = yaml.String(entries, "query", node, required: type == QualityRuleType.Sql);
        if (type == QualityRuleType.Sql && query is not null)
        {
            CheckQuery(yaml, (YamlScalarNode)entries["query"].Value, query, atProperty);
        }

        skip ??= type switch
        {
            QualityRuleType.Text => "a text rule states an expectation in words; there is nothing to run",
            QualityRuleType.Custom => Custom(yaml, entries, node),
            _ => metric is { } m ? MetricSkip(m, arguments, atProperty, unit) : null,
        };
        if (skip is not null && type is QualityRuleType.Library or QualityRuleType.Sql)
        {
            yaml.Warning(skipAt, $"this rule is not checked: {skip}.");
        }

        var severityText = yaml.String(entries, "severity", node) ?? "error";
        if (!Severities.TryGetValue(severityText, out var severity))
        {
            yaml.Warning(entries["severity"].Value, $"severity '{severityText}' is not error, warning or info; Workbench treats it as error.");
            severity = "error";
        }

        return new QualityRule
        {
            Type = type,
            Metric = metric,
            Query = query,
            Operators = operators,
            Unit = unit,
            Severity = severity,
            Name = yaml.String(entries, "name", node),
            Description = yaml.String(entries, "description", node),
            Arguments = arguments,
            SkipReason = skip,
            Other = ContractYaml.Rest(entries, ["type", "metric", "rule", "arguments", "validValues", "query", "unit", "severity", "name", "description", .. QualityOperator.Keys.Keys]),
            Location = yaml.At(node),
        };
    }

    private static QualityMetric? Metric(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode node, string? metricText, string? ruleText, ref string? skip)
    {
        if (metricText is not null)
        {
            if (Metrics.TryGetValue(metricText, out var metric))
            {
                return metric;
            }

            var closest = Text.Suggestions.Closest(metricText, Metrics.Keys);
            yaml.Error(entries["metric"].Value, $"metric '{metricText}' is not an ODCS library metric; use one of: {string.Join(", ", Metrics.Keys)}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")}");
            return null;
        }

        if (yaml.Standard.MetricRules)
        {
            if (ruleText is not null)
            {
                var meant = LegacyRules.TryGetValue(ruleText, out var legacy) ? $" (here: metric: {Name(legacy)})" : string.Empty;
                yaml.Error(entries["rule"].Value, $"in ODCS v3.1.0 a library rule names a 'metric'{meant}; 'rule' is the v3.0 form and is deprecated.");
            }
            else
            {
                yaml.Error(node, $"a library quality rule needs a metric: one of {string.Join(", ", Metrics.Keys)}.");
            }

            return null;
        }

        // ODCS v3.0 writes library rules as free text under 'rule' (required there).
        if (ruleText is null)
        {
            yaml.Error(node, "a library quality rule needs 'rule' in ODCS v3.0 (e.g. rule: duplicateCount), or 'type: text' / 'type: sql'.");
            return null;
        }

        if (LegacyRules.TryGetValue(ruleText, out var known))
        {
            return known;
        }

        skip = $"rule '{ruleText}' (free text in ODCS v3.0) is not one Workbench evaluates; it reads {string.Join(", ", LegacyRules.Keys)} (or write 'metric:' as v3.1.0 does)";
        return null;
    }

    private static List<QualityOperator> Operators(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode node, bool needed, ref string? skip)
    {
        var given = entries.Where(e => QualityOperator.Keys.ContainsKey(e.Key)).ToList();
        if (given.Count == 0)
        {
            if (needed && yaml.Standard.ExactlyOneOperator)
            {
                yaml.Error(node, $"the rule needs one operator saying what the measured value must be: {string.Join(", ", QualityOperator.Keys.Keys)}.");
            }
            else if (needed)
            {
                skip ??= $"no operator says what the measured value must be ({string.Join(", ", QualityOperator.Keys.Keys)})";
            }

            return [];
        }

        if (given.Count > 1 && yaml.Standard.ExactlyOneOperator)
        {
            yaml.Error(given[1].Value.Key, $"in ODCS v3.1.0 a rule takes exactly one operator, and this one has {string.Join(" and ", given.Select(g => g.Key))}; split it into two rules.");
        }

        var operators = new List<QualityOperator>();
        foreach (var (key, (_, value)) in given)
        {
            var kind = QualityOperator.Keys[key];
            if (kind is QualityOperatorKind.MustBe or QualityOperatorKind.MustNotBe && value is YamlScalarNode { Value: var text }
                && !decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                // ODCS leaves mustBe and mustNotBe untyped; Workbench compares numbers.
                skip ??= $"{key}: '{text}' is not a number, and Workbench compares the measured number";
                continue;
            }

            if (kind is not (QualityOperatorKind.MustBeBetween or QualityOperatorKind.MustNotBeBetween))
            {
                if (yaml.Number(value, key) is { } number)
                {
                    operators.Add(new QualityOperator(kind, number));
                }

                continue;
            }

            if (value is not YamlSequenceNode { Children.Count: 2 } pair)
            {
                yaml.Error(value, $"{key} takes two numbers, smallest first, e.g. {key}: [0, 100].");
                continue;
            }

            var (low, high) = (yaml.Number(pair.Children[0], key), yaml.Number(pair.Children[1], key));
            if (low is null || high is null)
            {
                continue;
            }

            if (low >= high)
            {
                yaml.Error(value, $"{key} takes two different numbers, smallest first: [{Math.Min(low.Value, high.Value)}, {Math.Max(low.Value, high.Value)}].");
            }

            operators.Add(new QualityOperator(kind, low.Value, high.Value));
        }

        return operators;
    }

    /// <summary>ODCS leaves unit free (rows and percent are its examples); Workbench honours those two and skips a rule in any other.</summary>
    private static string Unit(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode node, QualityMetric? metric, ref string? skip)
    {
        var text = yaml.String(entries, "unit", node);
        if (text is null || text.Equals("rows", StringComparison.OrdinalIgnoreCase))
        {
            return "rows";
        }

        if (text.Equals("percent", StringComparison.OrdinalIgnoreCase) || text.Equals("percentage", StringComparison.OrdinalIgnoreCase) || text == "%")
        {
            if (metric == QualityMetric.RowCount)
            {
                skip ??= "a row count has no percent (of what?); use unit: rows, or measure nullValues, invalidValues or duplicateValues in percent";
            }

            return "percent";
        }

        skip ??= $"unit '{text}' is not one Workbench measures in (rows or percent)";
        return text;
    }

    private static Dictionary<string, object?> Arguments(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (entries.TryGetValue("arguments", out var args))
        {
            if (args.Value is YamlMappingNode map)
            {
                foreach (var (key, value) in yaml.Entries(map))
                {
                    arguments[key] = ContractYaml.ToObject(value.Value);
                }
            }
            else
            {
                yaml.Error(args.Value, "arguments is a block of fields (validValues, pattern, missingValues, properties).");
            }
        }

        if (entries.TryGetValue("validValues", out var legacy))
        {
            arguments["validValues"] = ContractYaml.ToObject(legacy.Value);
        }

        return arguments;
    }

    /// <summary>Why a library rule cannot be measured where it is, or null when it can.</summary>
    private static string? MetricSkip(QualityMetric metric, Dictionary<string, object?> arguments, bool atProperty, string unit)
    {
        if (unit is not ("rows" or "percent"))
        {
            return null; // the unit's reason was recorded first
        }

        return metric switch
        {
            QualityMetric.NullValues or QualityMetric.MissingValues or QualityMetric.InvalidValues when !atProperty =>
                $"{Name(metric)} is measured on a column; move the rule under the property it is about",
            QualityMetric.InvalidValues when !arguments.ContainsKey("validValues") && !arguments.ContainsKey("pattern") =>
                "invalidValues needs arguments.validValues (a list) or arguments.pattern (a regular expression) to say what is valid",
            QualityMetric.DuplicateValues when !atProperty && arguments.GetValueOrDefault("properties") is not List<object?> { Count: > 0 } =>
                "duplicateValues on a schema object needs arguments.properties: the columns whose combination must be unique",
            _ => null,
        };
    }

    private static string Custom(ContractYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, YamlNode node)
    {
        var engine = yaml.String(entries, "engine", node, required: true);
        if (!entries.ContainsKey("implementation"))
        {
            yaml.Error(node, "a custom quality rule needs 'implementation' (the engine's own rule text).");
        }

        return $"a custom rule is run by its engine ({engine ?? "none named"}), not by Workbench; write it as type: sql to check it here";
    }

    /// <summary>A SQL rule is one read-only query whose placeholders Workbench knows; both are lint errors at the query's own line.</summary>
    private static void CheckQuery(ContractYaml yaml, YamlScalarNode node, string query, bool atProperty)
    {
        foreach (var placeholder in QualityQuery.Find(query).Where(p => !QualityQuery.IsKnown(p.Name, atProperty)))
        {
            var message = QualityQuery.ColumnPlaceholders.Contains(placeholder.Name)
                ? $"{{{placeholder.Name}}} is the column of a property's rule, and this rule is on the schema object; name the column, or move the rule under its property."
                : $"unknown placeholder {query.Substring(placeholder.Start, placeholder.Length)} in the query; Workbench fills {QualityQuery.Known}.";
            yaml.Problems.Add(new ContractProblem(yaml.At(node, placeholder.Line, placeholder.Column), ProblemSeverity.Error, message));
        }

        var filled = QualityQuery.Fill(query, "\"t\".\"t\"", "\"c\"", "\"s\"");
        if (Sql.SqlQueryGuard.Check(filled, "a quality rule's query") is { } problem)
        {
            yaml.Problems.Add(new ContractProblem(yaml.At(node, problem.Line, problem.Column), ProblemSeverity.Error, problem.Message + " Checks only read; this one is refused."));
        }
    }

    private static string Name(QualityMetric metric) => char.ToLowerInvariant(metric.ToString()[0]) + metric.ToString()[1..];
}
