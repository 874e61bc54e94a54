using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// Compares live tables with their contracts: missing and extra columns, types outside the contract's logical type,
/// and required columns the table does not declare NOT NULL. Returns every mismatch as data; judging is the caller's.
/// </summary>
public static class ContractConformance
{
    public static async Task<IReadOnlyList<ConformanceMismatch>> CheckAsync(WarehouseConnection warehouse, SchemaObject table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(table);
        var name = ContractDdl.TableNameOf(table);
        var live = await warehouse.DescribeAsync(name, cancellationToken);
        if (live is null)
        {
            return [new ConformanceMismatch(table.Name, null, MismatchKind.MissingTable, $"table {name}", "no such table or view", table.Location)];
        }

        var isView = live.IsView;
        var columns = live.Columns.ToDictionary(c => c.Name, c => (Type: c.DataType, Nullable: c.IsNullable), StringComparer.OrdinalIgnoreCase);
        var mismatches = new List<ConformanceMismatch>();
        foreach (var property in table.Properties)
        {
            if (!columns.TryGetValue(property.ColumnName, out var column))
            {
                mismatches.Add(new ConformanceMismatch(table.Name, property.ColumnName, MismatchKind.MissingColumn, $"a column {property.ColumnName}", "none", property.Location));
                continue;
            }

            if (property.LogicalType is { } expected && warehouse.Dialect.LogicalTypeOf(column.Type) is { } actual && !Compatible(expected, actual))
            {
                mismatches.Add(new ConformanceMismatch(table.Name, property.ColumnName, MismatchKind.TypeMismatch,
                    expected.ToString().ToLowerInvariant(), $"{column.Type} ({actual.ToString().ToLowerInvariant()})", property.Location));
            }

            if ((property.Required || property.PrimaryKey) && column.Nullable && !isView) // a view cannot declare NOT NULL
            {
                mismatches.Add(new ConformanceMismatch(table.Name, property.ColumnName, MismatchKind.NullabilityNotEnforced, "NOT NULL", "nullable", property.Location));
            }
        }

        var described = table.Properties.Select(p => p.ColumnName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The loader's lineage columns are its own: a raw table's contract need not list them.
        mismatches.AddRange(columns.Keys.Where(c => !described.Contains(c) && !Loading.RawFileLoader.LineageColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).Select(c =>
            new ConformanceMismatch(table.Name, c, MismatchKind.ExtraColumn, "no such column", $"{c} {columns[c].Type}", table.Location)));
        return mismatches;
    }

    /// <summary>Integers are numbers too; every other family must match.</summary>
    private static bool Compatible(LogicalType expected, LogicalType actual) =>
        expected == actual || (expected == LogicalType.Number && actual == LogicalType.Integer);
}
