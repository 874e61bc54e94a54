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
        var live = await warehouse.QueryAsync(
            $"""
            SELECT c.column_name, c.data_type, c.is_nullable, t.table_type FROM information_schema.columns AS c
            JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE lower(c.table_schema) = lower({Literal(name.Schema)}) AND lower(c.table_name) = lower({Literal(name.Name)})
            ORDER BY c.ordinal_position
            """,
            cancellationToken: cancellationToken);
        if (live.RowCount == 0)
        {
            return [new ConformanceMismatch(table.Name, null, MismatchKind.MissingTable, $"table {name}", "no such table or view", table.Location)];
        }

        var isView = ((string?)live.Rows[0][3])?.Contains("VIEW", StringComparison.OrdinalIgnoreCase) == true;
        var columns = live.Rows.ToDictionary(r => (string)r[0]!, r => (Type: (string)r[1]!, Nullable: string.Equals((string?)r[2], "YES", StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
        var mismatches = new List<ConformanceMismatch>();
        foreach (var property in table.Properties)
        {
            if (!columns.TryGetValue(property.ColumnName, out var column))
            {
                mismatches.Add(new ConformanceMismatch(table.Name, property.ColumnName, MismatchKind.MissingColumn, $"a column {property.ColumnName}", "none", property.Location));
                continue;
            }

            if (property.LogicalType is { } expected && FamilyOf(column.Type) is { } actual && !Compatible(expected, actual))
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
        mismatches.AddRange(columns.Keys.Where(c => !described.Contains(c)).Select(c =>
            new ConformanceMismatch(table.Name, c, MismatchKind.ExtraColumn, "no such column", $"{c} {columns[c].Type}", table.Location)));
        return mismatches;
    }

    /// <summary>The logical type family of an engine's type name (DuckDB or PostgreSQL spelling), or null if unknown.</summary>
    public static LogicalType? FamilyOf(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var type = dataType.Trim().ToUpperInvariant();
        return type switch
        {
            "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "UHUGEINT" or "INT" or "INT4" or "INT8" or "INT2" => LogicalType.Integer,
            "DOUBLE" or "REAL" or "FLOAT" or "DOUBLE PRECISION" or "NUMERIC" => LogicalType.Number,
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) || type.StartsWith("NUMERIC", StringComparison.Ordinal) => LogicalType.Number,
            "VARCHAR" or "TEXT" or "CHARACTER VARYING" or "CHARACTER" or "CHAR" or "BPCHAR" or "UUID" => LogicalType.String,
            _ when type.StartsWith("VARCHAR", StringComparison.Ordinal) => LogicalType.String,
            "DATE" => LogicalType.Date,
            _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => LogicalType.Timestamp,
            _ when type.StartsWith("TIME", StringComparison.Ordinal) => LogicalType.Time,
            "BOOLEAN" or "BOOL" => LogicalType.Boolean,
            "JSON" or "JSONB" => LogicalType.Object,
            _ when type.StartsWith("STRUCT", StringComparison.Ordinal) || type.StartsWith("MAP", StringComparison.Ordinal) => LogicalType.Object,
            _ when type.EndsWith("[]", StringComparison.Ordinal) || type is "ARRAY" || type.StartsWith("LIST", StringComparison.Ordinal) => LogicalType.Array,
            _ => null,
        };
    }

    /// <summary>Integers are numbers too; every other family must match.</summary>
    private static bool Compatible(LogicalType expected, LogicalType actual) =>
        expected == actual || (expected == LogicalType.Number && actual == LogicalType.Integer);
}
