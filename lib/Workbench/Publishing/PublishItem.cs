using Workbench.Warehouse;

namespace Workbench.Publishing;

/// <summary>
/// One object a publication puts in place: <see cref="Published"/> becomes a view over <see cref="Version"/> (a table a
/// build wrote and audited), or, for a model that is a view, a view with <see cref="Definition"/> (its query over the
/// published names, so it stays live).
/// </summary>
public sealed record PublishItem(TableName Published, string? Model, TableName? Version, string? Definition)
{
    public CatalogObjectKind Kind => Version is null ? CatalogObjectKind.View : CatalogObjectKind.Table;

    public static PublishItem Of(History.PublishedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new PublishItem(TableName.Parse(record.Name), record.Model, record.Version is null ? null : TableName.Parse(record.Version), record.Definition);
    }
}
