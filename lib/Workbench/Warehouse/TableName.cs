namespace Workbench.Warehouse;

/// <summary>A schema-qualified table or view name. Comparison is ordinal and case-insensitive, like the engines'.</summary>
public readonly record struct TableName(string Schema, string Name)
{
    public static IEqualityComparer<TableName> Comparer { get; } = new IgnoreCaseComparer();

    /// <summary>Parses <c>schema.name</c>.</summary>
    public static TableName Parse(string qualified)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(qualified);
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == qualified.Length - 1)
        {
            throw new FormatException($"'{qualified}' is not a schema-qualified name; write it as schema.name, e.g. raw.orders.");
        }

        return new TableName(qualified[..dot], qualified[(dot + 1)..]);
    }

    public override string ToString() => $"{Schema}.{Name}";

    private sealed class IgnoreCaseComparer : IEqualityComparer<TableName>
    {
        public bool Equals(TableName x, TableName y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Schema, y.Schema) && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

        public int GetHashCode(TableName obj) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Schema), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
