using System.Globalization;

namespace Workbench.Contracts;

/// <summary>
/// Classifies changes to quality rules. A rule that can fail a build where it did not before is breaking: an
/// error-severity rule added, a threshold tightened (rowCount &gt; 0 to &gt; 100; nulls &lt; 5% to &lt; 2%), a severity raised to
/// error, an allowed value removed, a pattern added or changed, a query or unit changed (Workbench cannot tell whether that
/// is tighter, so it assumes it may be). Loosening, removing a rule, and warning or info rules are not breaking.
/// </summary>
internal static class QualityRuleDiffer
{
    private static readonly string[] SeverityOrder = ["info", "warning", "error"];

    public static void Compare(string path, IReadOnlyList<QualityRule> before, IReadOnlyList<QualityRule> after, List<ContractChange> changes)
    {
        var unmatched = after.ToList();
        foreach (var old in before)
        {
            var now = unmatched.FirstOrDefault(r => Key(r) == Key(old));
            if (now is null)
            {
                changes.Add(new(path, $"quality rule removed: {Describe(old)}", false));
                continue;
            }

            unmatched.Remove(now);
            CompareRule(path, old, now, changes);
        }

        foreach (var added in unmatched)
        {
            var gates = added.Severity == "error" && added.Type != QualityRuleType.Text;
            changes.Add(new(path, $"quality rule added: {Describe(added)}{(gates ? " (data that breaks it now fails the build)" : $" ({(added.Type == QualityRuleType.Text ? "text: nothing runs" : added.Severity + ": it does not fail a build")})")}", gates));
        }
    }

    /// <summary>How a rule is recognised in the other version: its name; else what it measures.</summary>
    private static string Key(QualityRule rule) =>
        rule.Name is { Length: > 0 } name ? "name:" + name
        : rule.Type switch
        {
            QualityRuleType.Library => $"metric:{rule.Metric}:{Arguments(rule, "properties")}",
            QualityRuleType.Sql => "sql:" + string.Join(' ', (rule.Query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            _ => $"{rule.Type}:{rule.Description}",
        };

    private static void CompareRule(string path, QualityRule old, QualityRule now, List<ContractChange> changes)
    {
        var what = Describe(now);
        var gates = now.Severity == "error";
        var oldRank = Array.IndexOf(SeverityOrder, old.Severity);
        var newRank = Array.IndexOf(SeverityOrder, now.Severity);
        if (oldRank != newRank)
        {
            changes.Add(new(path, $"{what}: severity {old.Severity} -> {now.Severity}", newRank > oldRank && gates));
        }

        if (!string.Equals(old.Unit, now.Unit, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(new(path, $"{what}: unit {old.Unit} -> {now.Unit}", gates));
        }

        if (old.Type == QualityRuleType.Sql && Key(old with { Name = null }) != Key(now with { Name = null }))
        {
            changes.Add(new(path, $"{what}: query changed (Workbench cannot tell whether it is tighter, so it may break)", gates));
        }

        if (old.Operator is { } a && now.Operator is { } b && a != b)
        {
            var tighter = Tighter(a, b);
            changes.Add(new(path, $"{what}: must be {a} -> must be {b}{(tighter is false ? " (looser)" : tighter is true ? " (tighter)" : string.Empty)}", gates && tighter != false));
        }

        var oldValues = Values(old, "validValues");
        var newValues = Values(now, "validValues");
        if (oldValues is not null && newValues is not null)
        {
            var removed = oldValues.Except(newValues, StringComparer.Ordinal).ToList();
            var added = newValues.Except(oldValues, StringComparer.Ordinal).ToList();
            if (removed.Count > 0)
            {
                changes.Add(new(path, $"allowed value(s) removed: {string.Join(", ", removed)}", gates));
            }

            if (added.Count > 0)
            {
                changes.Add(new(path, $"allowed value(s) added: {string.Join(", ", added)}", false));
            }
        }
        else if (oldValues is null && newValues is not null)
        {
            changes.Add(new(path, $"allowed values restricted to: {string.Join(", ", newValues)}", gates));
        }
        else if (oldValues is not null)
        {
            changes.Add(new(path, "allowed values no longer restricted", false));
        }

        var oldMissing = Values(old, "missingValues") ?? [];
        var newMissing = Values(now, "missingValues") ?? [];
        if (!oldMissing.Order(StringComparer.Ordinal).SequenceEqual(newMissing.Order(StringComparer.Ordinal)))
        {
            var more = newMissing.Except(oldMissing, StringComparer.Ordinal).Any();
            changes.Add(new(path, $"{what}: missing values [{string.Join(", ", oldMissing)}] -> [{string.Join(", ", newMissing)}]", gates && more));
        }

        if (Arguments(old, "pattern") != Arguments(now, "pattern"))
        {
            var pattern = Arguments(now, "pattern");
            changes.Add(new(path, pattern.Length == 0 ? $"{what}: pattern removed" : $"{what}: pattern {(Arguments(old, "pattern").Length == 0 ? "added" : "changed")}: {pattern}", gates && pattern.Length > 0));
        }
    }

    /// <summary>
    /// Whether <paramref name="now"/> accepts fewer values than <paramref name="old"/> (true), more (false), or neither
    /// is contained in the other (null: changed). Bounds compare with their strictness: &gt;= 5 is looser than &gt; 5.
    /// </summary>
    private static bool? Tighter(QualityOperator old, QualityOperator now)
    {
        static (decimal Low, bool LowOpen, decimal High, bool HighOpen)? Interval(QualityOperator op) => op.Kind switch
        {
            QualityOperatorKind.MustBe => (op.Value, false, op.Value, false),
            QualityOperatorKind.MustBeGreaterThan => (op.Value, true, decimal.MaxValue, false),
            QualityOperatorKind.MustBeGreaterOrEqualTo => (op.Value, false, decimal.MaxValue, false),
            QualityOperatorKind.MustBeLessThan => (decimal.MinValue, false, op.Value, true),
            QualityOperatorKind.MustBeLessOrEqualTo => (decimal.MinValue, false, op.Value, false),
            QualityOperatorKind.MustBeBetween => (op.Value, false, op.UpperValue ?? op.Value, false),
            _ => null, // the "not" forms are no interval
        };

        if (Interval(old) is not { } a || Interval(now) is not { } b)
        {
            return old.Kind == now.Kind && old.Kind == QualityOperatorKind.MustNotBeBetween && now.Value <= old.Value && now.UpperValue >= old.UpperValue ? true : null;
        }

        static bool Contains((decimal Low, bool LowOpen, decimal High, bool HighOpen) outer, (decimal Low, bool LowOpen, decimal High, bool HighOpen) inner) =>
            (outer.Low < inner.Low || (outer.Low == inner.Low && (!outer.LowOpen || inner.LowOpen)))
            && (outer.High > inner.High || (outer.High == inner.High && (!outer.HighOpen || inner.HighOpen)));

        return Contains(a, b) ? true : Contains(b, a) ? false : null;
    }

    private static string Describe(QualityRule rule)
    {
        var measured = rule.Name ?? rule.Type switch
        {
            QualityRuleType.Library when rule.Metric is { } metric => char.ToLowerInvariant(metric.ToString()[0]) + metric.ToString()[1..],
            QualityRuleType.Sql => "sql rule",
            _ => rule.Type.ToString().ToLowerInvariant() + " rule",
        };
        var op = rule.Operator is { } o ? $" {o}{(rule.Unit == "percent" ? "%" : string.Empty)}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{measured}{op} ({rule.Severity})");
    }

    private static string Arguments(QualityRule rule, string key) =>
        rule.Arguments.TryGetValue(key, out var value) ? value is List<object?> list ? string.Join(",", list) : value?.ToString() ?? string.Empty : string.Empty;

    private static List<string>? Values(QualityRule rule, string key) =>
        rule.Arguments.TryGetValue(key, out var value) && value is List<object?> list ? list.Select(v => v?.ToString() ?? string.Empty).ToList() : null;
}
