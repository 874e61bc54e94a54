namespace Workbench.Contracts;

/// <summary>
/// Which columns' values Workbench never shows in samples, messages or artifacts: those a contract classifies as
/// sensitive (<c>classification</c> one of <see cref="DefaultClassifications"/> or the project's own, or a <c>pii</c> or
/// <c>sensitive</c> tag), and those the project lists (<c>table.column</c>, <c>schema.table.column</c> or a bare column name).
/// </summary>
public sealed record SensitiveData(IReadOnlyList<string> Classifications, IReadOnlyList<string> Columns)
{
    /// <summary>The classifications that are sensitive everywhere (as datacontract-cli reads them, compared trimmed and case-insensitively).</summary>
    public static IReadOnlyList<string> DefaultClassifications { get; } = ["pii", "personal", "personal_data", "confidential", "restricted", "sensitive", "secret"];

    private static readonly string[] SensitiveTags = ["pii", "sensitive"];

    public static SensitiveData Default { get; } = new([], []);

    /// <summary>The text a masked value is shown as.</summary>
    public const string Mask = "***";

    public bool IsSensitive(SchemaObject table, SchemaProperty property)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(property);
        if (property.Classification?.Trim() is { Length: > 0 } classification
            && (DefaultClassifications.Contains(classification, StringComparer.OrdinalIgnoreCase) || Classifications.Contains(classification, StringComparer.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (property.Tags.Any(t => SensitiveTags.Contains(t.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return true;
        }

        string[] names = [property.Name, property.ColumnName, $"{table.Name}.{property.Name}", $"{table.TableName}.{property.ColumnName}"];
        return Columns.Any(c => names.Contains(c, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The column names of <paramref name="table"/> whose values are masked.</summary>
    public IReadOnlySet<string> ColumnsOf(SchemaObject table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Properties.Where(p => IsSensitive(table, p)).SelectMany(p => new[] { p.Name, p.ColumnName }).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
