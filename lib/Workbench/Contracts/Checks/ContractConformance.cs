using Workbench.Warehouse;

namespace Workbench.Contracts;

/// <summary>
/// Compares live tables with their contracts: missing and extra columns, types outside the contract's type (nested
/// ones too: an array's items, a struct's fields, as <c>tags[]</c> and <c>address.city</c>), and required columns the
/// table does not declare NOT NULL. A property's physicalType, when the engine can read it, decides its type family
/// (so <c>logicalType: date</c> with <c>physicalType: timestamp</c> is a timestamp); in a v3.0.x contract, which has no
/// timestamp logical type, <c>date</c> stands for any temporal type. Returns every mismatch as data; judging is the caller's.
/// </summary>
public static class ContractConformance
{
    /// <summary>Compares <paramref name="table"/> with the catalog <paramref name="target"/> was read with.</summary>
    public static IReadOnlyList<ConformanceMismatch> Check(ContractTarget target, ContractTable table)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(table);
        return Check(table, target.TableOf(table), target.Describe(table), target.Dialect);
    }

    /// <summary>Compares <paramref name="table"/> with <paramref name="live"/>, the object at <paramref name="name"/> (null: there is none).</summary>
    public static IReadOnlyList<ConformanceMismatch> Check(ContractTable table, TableName name, CatalogObject? live, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(dialect);
        var schemaObject = table.Table;
        if (live is null)
        {
            return [new ConformanceMismatch(schemaObject.Name, null, MismatchKind.MissingTable, $"table {name}", "no such table or view", schemaObject.Location)];
        }

        var standard = ContractStandard.For(table.Contract.ApiVersion) ?? ContractStandard.Latest;
        var mismatches = new List<ConformanceMismatch>();
        foreach (var property in schemaObject.Properties)
        {
            if (live.Column(property.ColumnName) is not { } column)
            {
                mismatches.Add(new ConformanceMismatch(schemaObject.Name, property.ColumnName, MismatchKind.MissingColumn, $"a column {property.ColumnName}", "none", property.Location));
                continue;
            }

            Compare(schemaObject.Name, column.Name, property, dialect.ParseType(column.DataType), dialect, standard, mismatches);
            if ((property.Required || property.PrimaryKey) && column.IsNullable && !live.IsView) // a view cannot declare NOT NULL
            {
                mismatches.Add(new ConformanceMismatch(schemaObject.Name, property.ColumnName, MismatchKind.NullabilityNotEnforced, "NOT NULL", "nullable", property.Location));
            }
        }

        var described = schemaObject.Properties.Select(p => p.ColumnName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The loader's lineage columns are its own: a raw table's contract need not list them.
        mismatches.AddRange(live.Columns.Where(c => !described.Contains(c.Name) && !Loading.RawFileLoader.LineageColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).Select(c =>
            new ConformanceMismatch(schemaObject.Name, c.Name, MismatchKind.ExtraColumn, "no such column", $"{c.Name} {c.DataType}", schemaObject.Location)));
        return mismatches;
    }

    /// <summary>Compares one table on a live warehouse (reads its catalog).</summary>
    public static async Task<IReadOnlyList<ConformanceMismatch>> CheckAsync(WarehouseConnection warehouse, DataContract contract, SchemaObject table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var target = await ContractTarget.ConnectAsync(warehouse, [contract], cancellationToken: cancellationToken);
        return Check(target, new ContractTable(contract, table));
    }

    private static void Compare(string table, string path, SchemaProperty property, EngineType actual, SqlDialect dialect, ContractStandard standard, List<ConformanceMismatch> mismatches)
    {
        var expected = ExpectedFamily(property, dialect);
        if (expected is { } want && actual.Family is { } have && !Compatible(want, have, standard))
        {
            var written = property.PhysicalType is { } physical && dialect.ParseType(physical).Family == want ? physical : want.ToString().ToLowerInvariant();
            mismatches.Add(new ConformanceMismatch(table, path, MismatchKind.TypeMismatch, written, $"{actual} ({have.ToString().ToLowerInvariant()})", property.Location));
            return;
        }

        if (property.Items is { } items && actual.Items is { } element)
        {
            Compare(table, path + "[]", items, element, dialect, standard, mismatches);
        }

        if (property.Properties.Count > 0 && actual.Fields is { } fields)
        {
            foreach (var field in property.Properties)
            {
                if (fields.FirstOrDefault(f => string.Equals(f.Name, field.ColumnName, StringComparison.OrdinalIgnoreCase)) is not { } match)
                {
                    mismatches.Add(new ConformanceMismatch(table, $"{path}.{field.ColumnName}", MismatchKind.MissingColumn, $"a field {field.ColumnName}", $"{actual}", field.Location));
                    continue;
                }

                Compare(table, $"{path}.{match.Name}", field, match.Type, dialect, standard, mismatches);
            }

            var described = property.Properties.Select(f => f.ColumnName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            mismatches.AddRange(fields.Where(f => !described.Contains(f.Name)).Select(f =>
                new ConformanceMismatch(table, $"{path}.{f.Name}", MismatchKind.ExtraColumn, "no such field", $"{f.Name} {f.Type}", property.Location)));
        }
    }

    /// <summary>The family a property promises: its physicalType's when the engines can read it (the physical type is the more precise), else its logical type.</summary>
    private static LogicalType? ExpectedFamily(SchemaProperty property, SqlDialect dialect)
    {
        if (property.PhysicalType is { } physical)
        {
            var parsed = dialect.ParseType(physical);
            if ((parsed.Family ?? SqlDialect.AnyLogicalTypeOf(physical)) is { } family)
            {
                return family;
            }
        }

        return property.LogicalType;
    }

    /// <summary>Integers are numbers too; in v3.0.x, date is every temporal type; every other family must match.</summary>
    private static bool Compatible(LogicalType expected, LogicalType actual, ContractStandard standard) =>
        expected == actual
        || (expected == LogicalType.Number && actual == LogicalType.Integer)
        || (standard.DateCoversTimestamps && expected == LogicalType.Date && actual is LogicalType.Timestamp or LogicalType.Time);
}
