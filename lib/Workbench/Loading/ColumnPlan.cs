using Workbench.Errors;

namespace Workbench.Loading;

/// <summary>
/// How one source's fields map onto a raw table: which field feeds which column through which parser, which fields the
/// contract does not describe (and what the schema mode does with them), and which contract columns the source lacks.
/// </summary>
internal sealed class ColumnPlan
{
    private ColumnPlan(IReadOnlyList<string> header, ValueParser?[] parsers, string?[] targets, IReadOnlyList<int> extras, IReadOnlyList<string> missing)
    {
        Header = header;
        Parsers = parsers;
        Targets = targets;
        ExtraFields = extras;
        MissingColumns = missing;
    }

    /// <summary>The source's column names (the contract's, in order, when the source names none).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Per field: the parser of its contract column, or null for a text field (untyped tables and evolved columns).</summary>
    public ValueParser?[] Parsers { get; }

    /// <summary>Per field: the table column it is written to, or null when its value is discarded.</summary>
    public string?[] Targets { get; }

    /// <summary>Fields the contract does not describe.</summary>
    public IReadOnlyList<int> ExtraFields { get; }

    /// <summary>Optional contract columns the source does not have (loaded as NULL).</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    /// <summary>The columns values are written to, in field order, skipping discarded fields.</summary>
    public IReadOnlyList<string> WrittenColumns => Targets.OfType<string>().ToList();

    /// <summary>Plans a source with <paramref name="columns"/> (empty: the source names none, so fields follow the contract's order).</summary>
    public static ColumnPlan Create(RawTableSpec spec, IReadOnlyList<string> columns, string source)
    {
        var header = columns.Count > 0 ? columns : [.. spec.Columns.Select(c => c.Name)];
        if (header.Count == 0)
        {
            throw new RawLoadException($"{source}: a source that names no columns (a CSV without header) can only be loaded into a table with a contract, whose columns give the field order.", source, spec.Table.Name, []);
        }

        CheckNames(header, source, spec.Table.Name);
        if (!spec.IsTyped)
        {
            return new ColumnPlan(header, new ValueParser?[header.Count], header.ToArray<string?>(), [], []);
        }

        var byName = spec.Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var parsers = new ValueParser?[header.Count];
        var targets = new string?[header.Count];
        var extras = new List<int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (byName.TryGetValue(header[i], out var column))
            {
                parsers[i] = new ValueParser(column);
                targets[i] = column.Name;
            }
            else
            {
                extras.Add(i);
                targets[i] = spec.Mode == SchemaMode.Evolve ? header[i] : null;
            }
        }

        var contract = spec.ContractFile ?? "its contract";
        if (spec.Mode == SchemaMode.Freeze && extras.Count > 0)
        {
            throw new RawLoadException(
                $"{source}: column(s) {string.Join(", ", extras.Select(i => $"'{header[i]}' (field {i + 1})"))} are not in {contract}, and {spec.Table} has schema mode freeze. " +
                $"Nothing was loaded. Add the column(s) to the contract, or set schemaMode to evolve, discard_row or discard_value.",
                source, spec.Table.Name, []);
        }

        var present = header.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missingRequired = spec.Columns.Where(c => c.Required && !present.Contains(c.Name)).Select(c => c.Name).ToList();
        if (missingRequired.Count > 0)
        {
            throw new RawLoadException(
                $"{source}: the source has no column(s) {string.Join(", ", missingRequired.Select(c => $"'{c}'"))}, which {contract} requires for {spec.Table}. " +
                $"Nothing was loaded. The source's columns are: {string.Join(", ", header)}. Fix the export, or make the column optional in the contract.",
                source, spec.Table.Name, []);
        }

        var missing = spec.Columns.Where(c => !present.Contains(c.Name)).Select(c => c.Name).ToList();
        return new ColumnPlan(header, parsers, targets, extras, missing);
    }

    private static void CheckNames(IReadOnlyList<string> header, string source, string table)
    {
        var problems = header
            .Select((name, i) => (name, column: i + 1))
            .Where(h => h.name.Length == 0 || h.name.StartsWith('_'))
            .Select(h => $"column {h.column} is {(h.name.Length == 0 ? "unnamed" : $"named '{h.name}', but names starting with '_' are reserved for lineage")}")
            .Concat(header.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' appears {g.Count()} times"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new RawLoadException($"{source}:1: the column names are not usable: {string.Join("; ", problems)}. Rename the columns at the source (for a CSV, its first line).", source, table, []);
        }
    }
}
