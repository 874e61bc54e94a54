namespace Workbench.Loading;

/// <summary>
/// What a load does when a source has columns its contract does not describe (the schema-contract modes dlt users know).
/// Set per table in the contract (<c>customProperties: [{property: schemaMode, value: freeze}]</c>) or per load.
/// </summary>
public enum SchemaMode
{
    /// <summary>New columns are added to the raw table (as text) and loaded; the load reports them so the contract can follow.</summary>
    Evolve,

    /// <summary>A new column fails the batch, naming the column; nothing is loaded.</summary>
    Freeze,

    /// <summary>Rows that carry a value in a new column go to the rejects table; the others load without it.</summary>
    DiscardRow,

    /// <summary>Values of new columns are dropped; every row loads without them.</summary>
    DiscardValue,
}

/// <summary>The spellings of <see cref="SchemaMode"/> in contracts and on the command line.</summary>
public static class SchemaModes
{
    private static readonly Dictionary<string, SchemaMode> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["evolve"] = SchemaMode.Evolve,
        ["freeze"] = SchemaMode.Freeze,
        ["discard_row"] = SchemaMode.DiscardRow,
        ["discard_value"] = SchemaMode.DiscardValue,
    };

    public static string Allowed => string.Join(", ", Names.Keys);

    public static bool TryParse(string? text, out SchemaMode mode) => Names.TryGetValue(text?.Trim() ?? string.Empty, out mode);

    public static string Name(this SchemaMode mode) => Names.First(n => n.Value == mode).Key;
}
