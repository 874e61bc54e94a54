namespace Workbench.Warehouse;

/// <summary>
/// The tables and views of some schemas, read in one catalog query: what a plan is made from. It is a picture of one
/// moment; it does not follow later changes to the warehouse.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<TableName, CatalogObject> _objects;

    public CatalogSnapshot(IEnumerable<string> existingSchemas, IEnumerable<CatalogObject> objects)
    {
        ArgumentNullException.ThrowIfNull(existingSchemas);
        ArgumentNullException.ThrowIfNull(objects);
        _objects = objects.ToDictionary(o => o.Name, TableName.Comparer);
        ExistingSchemas = existingSchemas.Concat(_objects.Keys.Select(k => k.Schema)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The schemas asked about that exist.</summary>
    public IReadOnlySet<string> ExistingSchemas { get; }

    public IReadOnlyCollection<CatalogObject> Objects => _objects.Values;

    /// <summary>The object named <paramref name="name"/> (case-insensitive), or null when it does not exist.</summary>
    public CatalogObject? Find(TableName name) => _objects.GetValueOrDefault(name);

    public bool Contains(TableName name) => _objects.ContainsKey(name);
}
