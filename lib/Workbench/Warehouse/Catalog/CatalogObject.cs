namespace Workbench.Warehouse;

/// <summary>What kind of relation a catalog object is.</summary>
public enum CatalogObjectKind
{
    Table,
    View,
}

/// <summary>A column as the engine's catalog describes it: its name, the engine's type name, and whether it takes NULL.</summary>
public sealed record CatalogColumn(string Name, string DataType, bool IsNullable);

/// <summary>A table or view in the warehouse, with its columns in ordinal order.</summary>
public sealed record CatalogObject(TableName Name, CatalogObjectKind Kind, IReadOnlyList<CatalogColumn> Columns)
{
    public bool IsView => Kind == CatalogObjectKind.View;

    /// <summary>The SQL keyword for the object's kind (<c>TABLE</c> or <c>VIEW</c>), for DDL.</summary>
    public string Keyword => KeywordOf(Kind);

    public static string KeywordOf(CatalogObjectKind kind) => kind == CatalogObjectKind.View ? "VIEW" : "TABLE";

    public IReadOnlyList<string> ColumnNames => Columns.Select(c => c.Name).ToList();

    /// <summary>The column named <paramref name="name"/> (case-insensitive), or null.</summary>
    public CatalogColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
