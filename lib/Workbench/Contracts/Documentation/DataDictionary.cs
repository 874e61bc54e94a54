namespace Workbench.Contracts.Documentation;

/// <summary>A column as the dictionary shows it.</summary>
public sealed record DictionaryColumn(
    SchemaProperty Property, string Type, bool Key, IReadOnlyList<string> Constraints, IReadOnlyList<string> Rules, IReadOnlyList<string> References);

/// <summary>A table as the dictionary shows it, with the contract it comes from and the tables that point at it.</summary>
public sealed record DictionaryTable(
    DataContract Contract, SchemaObject Table, IReadOnlyList<DictionaryColumn> Columns, IReadOnlyList<string> Rules,
    IReadOnlyList<string> ReferencedBy, IReadOnlyList<string> Slas)
{
    /// <summary>A stable anchor for links: the table's name in lower case.</summary>
    public string Anchor => Table.Name.ToLowerInvariant();

    /// <summary>The layer the table belongs to: the schema of its physical name (raw, staging, marts, ...).</summary>
    public string Layer => ContractDdl.TableNameOf(Table).Schema;
}

/// <summary>
/// The model that builds a table, as the dictionary shows it: its file and SQL, how it is materialized, and the tables
/// it reads and that read it (schema.name), so the page links a table to its neighbours.
/// </summary>
public sealed record DictionaryModel(string Path, string Sql, string Materialization, IReadOnlyList<string> Reads, IReadOnlyList<string> ReadBy);

/// <summary>
/// The data dictionary: every table of every contract, with columns, types, descriptions, rules, relationships both
/// ways, and SLAs. Built once and rendered as Markdown (for the repository) or HTML (for people).
/// </summary>
public sealed record DataDictionary(IReadOnlyList<DictionaryTable> Tables)
{
    /// <summary>The model behind each table and what reads each source table, by physical name (lower case); empty without models.</summary>
    public IReadOnlyDictionary<string, DictionaryModel> Models { get; init; } = new Dictionary<string, DictionaryModel>();

    /// <summary>The dictionary's table named <paramref name="physicalName"/> (schema.name, any case), or null.</summary>
    public DictionaryTable? Find(string physicalName) =>
        Tables.FirstOrDefault(t => string.Equals(ContractDdl.TableNameOf(t.Table).ToString(), physicalName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Layers in pipeline order; others follow alphabetically.</summary>
    public static readonly IReadOnlyList<string> LayerOrder = ["raw", "staging", "intermediate", "marts"];

    public static DataDictionary Build(IReadOnlyList<DataContract> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var incoming = contracts.SelectMany(c => c.Schema).SelectMany(t => t.Properties.SelectMany(p => p.Relationships.Select(r => r with { From = [$"{t.Name}.{p.Name}"] }))
                .Concat(t.Relationships))
            .ToLookup(r => r.ToTable, r => r.ToString(), StringComparer.OrdinalIgnoreCase);
        var tables = contracts
            .SelectMany(c => c.Schema.Select(t => (Contract: c, Table: t)))
            .Select(x => new DictionaryTable(
                x.Contract,
                x.Table,
                x.Table.Properties.Select(p => new DictionaryColumn(
                    p,
                    TypeOf(p),
                    p.PrimaryKey,
                    RuleText.Constraints(p),
                    p.Quality.Select(RuleText.Describe).ToList(),
                    p.Relationships.Select(r => r.To[0]).ToList())).ToList(),
                x.Table.Quality.Select(RuleText.Describe)
                    .Concat(x.Table.Relationships.Select(r => $"{r} ({r.Type})"))
                    .Concat(x.Table.PrimaryKey.Count > 1 ? [$"primary key ({string.Join(", ", x.Table.PrimaryKey.Select(p => p.Name))})"] : [])
                    .ToList(),
                incoming[x.Table.Name].Order(StringComparer.Ordinal).ToList(),
                x.Contract.SlaProperties
                    .Where(s => !s.IsFreshness || s.ElementsOr(x.Contract.SlaDefaultElement).Any(e => e.StartsWith(x.Table.Name + ".", StringComparison.OrdinalIgnoreCase)))
                    .Select(s => RuleText.Describe(s, x.Contract.SlaDefaultElement)).ToList()))
            .OrderBy(t => LayerRank(t.Layer)).ThenBy(t => t.Layer, StringComparer.Ordinal).ThenBy(t => t.Table.Name, StringComparer.Ordinal)
            .ToList();
        return new DataDictionary(tables);
    }

    private static int LayerRank(string layer)
    {
        var index = LayerOrder.ToList().FindIndex(l => string.Equals(l, layer, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? LayerOrder.Count : index;
    }

    private static string TypeOf(SchemaProperty p)
    {
        var logical = p.LogicalType?.ToString().ToLowerInvariant();
        return (logical, p.PhysicalType) switch
        {
            (null, null) => string.Empty,
            (null, var physical) => physical!,
            (var l, null) => l,
            var (l, physical) => $"{l} ({physical})",
        };
    }
}
