using System.Globalization;

namespace Workbench.Contracts.Documentation;

/// <summary>Plain-English wording of contract rules, for the data dictionary.</summary>
public static class RuleText
{
    /// <summary>What a column promises besides its type: required, unique, ranges, lengths, pattern, format.</summary>
    public static IReadOnlyList<string> Constraints(SchemaProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var rules = new List<string>();
        if (property.Required || property.PrimaryKey)
        {
            rules.Add("required");
        }

        if (property.Unique)
        {
            rules.Add("unique");
        }

        if (property.Options is { } o)
        {
            Add(rules, "≥", o.Minimum);
            Add(rules, ">", o.ExclusiveMinimum);
            Add(rules, "≤", o.Maximum);
            Add(rules, "<", o.ExclusiveMaximum);
            if (o.MinLength is { } min)
            {
                rules.Add($"length ≥ {min}");
            }

            if (o.MaxLength is { } max)
            {
                rules.Add($"length ≤ {max}");
            }

            if (o.Pattern is { } pattern)
            {
                rules.Add($"matches `{pattern}`");
            }

            if (o.Format is { } format)
            {
                rules.Add($"format {format}");
            }

            if (o.MultipleOf is { } multiple)
            {
                rules.Add($"multiple of {multiple.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return rules;
    }

    /// <summary>One quality rule as a sentence, e.g. "invalid values (not in a, b) must be 0 (error)".</summary>
    public static string Describe(QualityRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var what = (rule.Type, rule.Metric) switch
        {
            (QualityRuleType.Sql, _) => $"`{rule.Query?.Trim()}`",
            (_, QualityMetric.NullValues) => "null values",
            (_, QualityMetric.MissingValues) => "missing values" + Arguments(rule, "missingValues", " (counting {0})"),
            (_, QualityMetric.InvalidValues) => "invalid values" + Arguments(rule, "validValues", " (not in {0})") +
                (rule.Arguments.TryGetValue("pattern", out var pattern) && pattern is string p ? $" (not matching `{p}`)" : string.Empty),
            (_, QualityMetric.DuplicateValues) => "duplicate values" + Arguments(rule, "properties", " of ({0})"),
            (_, QualityMetric.RowCount) => "row count",
            _ => rule.Description ?? rule.Type.ToString().ToLowerInvariant() + " rule",
        };
        var unit = rule.Unit == "percent" ? " %" : string.Empty;
        var condition = rule.Operator is { } op ? " " + Operator(op, unit) : string.Empty;
        var prefix = rule.Description is not null && rule.Type == QualityRuleType.Sql ? rule.Description.Trim().TrimEnd('.') + ": " : string.Empty;
        return $"{prefix}{what}{condition} ({rule.Severity})";
    }

    /// <summary>An operator and its operand(s), e.g. "must be between 1 and 3".</summary>
    public static string Operator(QualityOperator op, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(op);
        var value = op.Value.ToString(CultureInfo.InvariantCulture) + unit;
        var upper = op.UpperValue?.ToString(CultureInfo.InvariantCulture) + unit;
        return op.Kind switch
        {
            QualityOperatorKind.MustBe => $"must be {value}",
            QualityOperatorKind.MustNotBe => $"must not be {value}",
            QualityOperatorKind.MustBeGreaterThan => $"must be > {value}",
            QualityOperatorKind.MustBeGreaterOrEqualTo => $"must be ≥ {value}",
            QualityOperatorKind.MustBeLessThan => $"must be < {value}",
            QualityOperatorKind.MustBeLessOrEqualTo => $"must be ≤ {value}",
            QualityOperatorKind.MustBeBetween => $"must be between {value} and {upper}",
            _ => $"must not be between {value} and {upper}",
        };
    }

    /// <summary>An SLA property as a sentence, e.g. "latency: 2 d on orders.updated_at".</summary>
    public static string Describe(SlaProperty sla, string? defaultElement)
    {
        ArgumentNullException.ThrowIfNull(sla);
        var elements = sla.ElementsOr(defaultElement);
        return $"{sla.Property}: {Convert.ToString(sla.Value, CultureInfo.InvariantCulture)}{(sla.Unit is null ? string.Empty : " " + sla.Unit)}" +
            (elements.Count > 0 ? $" on {string.Join(", ", elements)}" : string.Empty);
    }

    private static void Add(List<string> rules, string op, string? value)
    {
        if (value is not null)
        {
            rules.Add($"{op} {value}");
        }
    }

    private static string Arguments(QualityRule rule, string key, string format) =>
        rule.Arguments.TryGetValue(key, out var value) && value is List<object?> list
            ? string.Format(CultureInfo.InvariantCulture, format, string.Join(", ", list.Select(v => v?.ToString() ?? "null")))
            : string.Empty;
}
