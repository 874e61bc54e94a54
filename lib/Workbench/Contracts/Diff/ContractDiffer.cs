using System.Globalization;

namespace Workbench.Contracts;

/// <summary>
/// Classifies the changes between two versions of a contract. Breaking: a removed (or renamed) table or property, a
/// narrowed type, a newly required or unique column, a changed primary key, tighter ranges or lengths, a new or
/// changed pattern, a relationship added or pointed elsewhere, and quality rules that can now fail a build
/// (<see cref="QualityRuleDiffer"/>: a new error rule, a tighter threshold, a removed allowed value). Non-breaking:
/// additions of optional things, widened types, loosened or removed rules, a relationship removed.
/// </summary>
public static class ContractDiffer
{
    public static ContractDiff Diff(DataContract before, DataContract after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ContractChange>();
        foreach (var old in before.Schema)
        {
            var now = after.Schema.FirstOrDefault(o => Same(o.Name, old.Name));
            if (now is null)
            {
                changes.Add(new(old.Name, "table removed (or renamed)", true));
                continue;
            }

            if (!Same(old.TableName, now.TableName))
            {
                changes.Add(new(old.Name, $"physical name changed from {old.TableName} to {now.TableName}", true));
            }

            CompareTable(old, now, changes);
        }

        changes.AddRange(after.Schema.Where(o => !before.Schema.Any(b => Same(b.Name, o.Name))).Select(o => new ContractChange(o.Name, "table added", false)));
        return new ContractDiff(before.Version, after.Version, changes, VersionProblem(before.Version, after.Version, changes));
    }

    private static void CompareTable(SchemaObject old, SchemaObject now, List<ContractChange> changes)
    {
        foreach (var p in old.Properties)
        {
            var q = now.Properties.FirstOrDefault(x => Same(x.Name, p.Name));
            var path = $"{old.Name}.{p.Name}";
            if (q is null)
            {
                changes.Add(new(path, "property removed (or renamed)", true));
                continue;
            }

            CompareProperty(path, p, q, changes);
        }

        foreach (var q in now.Properties.Where(q => !old.Properties.Any(p => Same(p.Name, q.Name))))
        {
            var required = q.Required || q.PrimaryKey;
            changes.Add(new($"{now.Name}.{q.Name}", required ? "required property added (existing producers do not send it)" : "optional property added", required));
        }

        CompareRelationships(old, now, changes);
        QualityRuleDiffer.Compare(old.Name, old.Quality, now.Quality, changes);
        var oldKey = string.Join(", ", old.PrimaryKey.Select(p => p.Name.ToLowerInvariant()));
        var newKey = string.Join(", ", now.PrimaryKey.Select(p => p.Name.ToLowerInvariant()));
        if (oldKey != newKey)
        {
            changes.Add(new(old.Name, $"primary key changed from ({oldKey}) to ({newKey})", true));
        }
    }

    /// <summary>
    /// A relationship added (or pointed elsewhere) is a new rule existing rows may break: breaking. One removed only
    /// loosens the contract. Property-level and schema-level relationships are compared alike, as from → to.
    /// </summary>
    private static void CompareRelationships(SchemaObject old, SchemaObject now, List<ContractChange> changes)
    {
        static List<Relationship> Links(SchemaObject table) => table.Relationships
            .Concat(table.Properties.SelectMany(p => p.Relationships.Select(r => r with { From = [$"{table.Name}.{p.Name}"] })))
            .ToList();

        var before = Links(old);
        var after = Links(now);
        static bool Same(Relationship a, Relationship b) => string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);
        foreach (var gone in before.Where(b => !after.Any(a => Same(a, b))))
        {
            changes.Add(new(Path(gone), $"relationship removed: {gone}", false));
        }

        foreach (var added in after.Where(a => !before.Any(b => Same(a, b))))
        {
            changes.Add(new(Path(added), $"relationship added: {added} (rows that do not match it now break the contract)", true));
        }

        static string Path(Relationship r) => r.From.Count == 1 ? r.From[0] : Relationship.TableOf(r.From[0]);
    }

    private static void CompareProperty(string path, SchemaProperty p, SchemaProperty q, List<ContractChange> changes)
    {
        if (p.LogicalType != q.LogicalType && p.LogicalType is not null && q.LogicalType is not null)
        {
            var widened = Widens(p.LogicalType.Value, q.LogicalType.Value);
            changes.Add(new(path, $"type {(widened ? "widened" : "changed")} from {Name(p.LogicalType)} to {Name(q.LogicalType)}", !widened));
        }

        if (!Same(p.PhysicalType ?? string.Empty, q.PhysicalType ?? string.Empty))
        {
            var (wider, narrower) = CompareLengths(p.PhysicalType, q.PhysicalType);
            changes.Add(new(path, $"physical type changed from {p.PhysicalType ?? "(none)"} to {q.PhysicalType ?? "(none)"}{(wider ? " (widened)" : string.Empty)}", !wider || narrower));
        }

        Flag(path, "required", p.Required, q.Required, changes);
        Flag(path, "unique", p.Unique, q.Unique, changes);
        CompareOptions(path, p.Options ?? new LogicalTypeOptions(), q.Options ?? new LogicalTypeOptions(), p.LogicalType, changes);
        QualityRuleDiffer.Compare(path, p.Quality, q.Quality, changes);
    }

    private static void Flag(string path, string what, bool before, bool after, List<ContractChange> changes)
    {
        if (before != after)
        {
            changes.Add(new(path, after ? $"now {what}" : $"no longer {what}", after));
        }
    }

    private static void CompareOptions(string path, LogicalTypeOptions o, LogicalTypeOptions n, LogicalType? type, List<ContractChange> changes)
    {
        void Bound(string name, string? before, string? after, bool higherIsTighter)
        {
            if (before == after)
            {
                return;
            }

            var tighter = before is null || (after is not null && Compare(after, before, type) * (higherIsTighter ? 1 : -1) > 0);
            changes.Add(new(path, $"{name} changed from {before ?? "(none)"} to {after ?? "(none)"}", after is not null && tighter));
        }

        Bound("minimum", o.Minimum, n.Minimum, higherIsTighter: true);
        Bound("exclusiveMinimum", o.ExclusiveMinimum, n.ExclusiveMinimum, higherIsTighter: true);
        Bound("maximum", o.Maximum, n.Maximum, higherIsTighter: false);
        Bound("exclusiveMaximum", o.ExclusiveMaximum, n.ExclusiveMaximum, higherIsTighter: false);
        Bound("minLength", o.MinLength?.ToString(CultureInfo.InvariantCulture), n.MinLength?.ToString(CultureInfo.InvariantCulture), higherIsTighter: true);
        Bound("maxLength", o.MaxLength?.ToString(CultureInfo.InvariantCulture), n.MaxLength?.ToString(CultureInfo.InvariantCulture), higherIsTighter: false);
        if (o.Pattern != n.Pattern)
        {
            changes.Add(new(path, n.Pattern is null ? "pattern removed" : $"pattern {(o.Pattern is null ? "added" : "changed")}: {n.Pattern}", n.Pattern is not null));
        }
    }

    private static int Compare(string a, string b, LogicalType? type) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(a, b); // ISO dates and timestamps order as text

    private static bool Widens(LogicalType from, LogicalType to) => (from, to) switch
    {
        (LogicalType.Integer, LogicalType.Number) => true,
        (LogicalType.Date, LogicalType.Timestamp) => true,
        (_, LogicalType.String) when from is not (LogicalType.Object or LogicalType.Array) => true,
        _ => false,
    };

    /// <summary>VARCHAR(10) to VARCHAR(20) widens, DECIMAL(10,2) to DECIMAL(12,2) widens; the reverse narrows.</summary>
    private static (bool Wider, bool Narrower) CompareLengths(string? before, string? after)
    {
        static (string Base, int[] Sizes) Split(string? type)
        {
            var t = (type ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            var open = t.IndexOf('(', StringComparison.Ordinal);
            return open < 0 ? (t, []) : (t[..open], t[(open + 1)..].TrimEnd(')').Split(',').Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray());
        }

        var (b, bs) = Split(before);
        var (a, @as) = Split(after);
        if (b != a || bs.Length != @as.Length || bs.Length == 0)
        {
            return (false, false);
        }

        var wider = bs.Zip(@as).All(z => z.Second >= z.First) && bs.Zip(@as).Any(z => z.Second > z.First);
        var narrower = bs.Zip(@as).Any(z => z.Second < z.First);
        return (wider && !narrower, narrower);
    }

    private static string? VersionProblem(string before, string after, List<ContractChange> changes)
    {
        if (!TryParse(before, out var old) || !TryParse(after, out var now))
        {
            return $"versions '{before}' and '{after}' are not semantic versions (MAJOR.MINOR.PATCH); they cannot be checked.";
        }

        if (changes.Any(c => c.Breaking) && now.Major <= old.Major)
        {
            return $"breaking change(s) need a new major version: {before} -> {after} keeps major {old.Major}. Bump to {old.Major + 1}.0.0, or make the change compatible.";
        }

        if (changes.Count > 0 && now.CompareTo(old) <= 0)
        {
            return $"the contract changed but its version did not go up ({before} -> {after}); bump the minor version for additions, the patch version for fixes.";
        }

        return null;
    }

    private static bool TryParse(string text, out Version version)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core.Count(c => c == '.') == 2 ? core : core + ".0", out version!);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Name(LogicalType? type) => type?.ToString().ToLowerInvariant() ?? "(none)";
}
