namespace Workbench.Models;

/// <summary>A model's identity: the schema (its folder under sql/) and its name (its file name).</summary>
public readonly record struct ModelId(string Schema, string Name) : IComparable<ModelId>
{
    public static IComparer<ModelId> Comparer { get; } = Comparer<ModelId>.Create((a, b) => a.CompareTo(b));

    public int CompareTo(ModelId other)
    {
        var schema = string.Compare(Schema, other.Schema, StringComparison.OrdinalIgnoreCase);
        return schema != 0 ? schema : string.Compare(Name, other.Name, StringComparison.OrdinalIgnoreCase);
    }

    public static bool operator <(ModelId left, ModelId right) => left.CompareTo(right) < 0;

    public static bool operator <=(ModelId left, ModelId right) => left.CompareTo(right) <= 0;

    public static bool operator >(ModelId left, ModelId right) => left.CompareTo(right) > 0;

    public static bool operator >=(ModelId left, ModelId right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Schema}.{Name}";
}
