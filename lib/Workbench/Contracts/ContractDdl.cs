using System.Globalization;
using System.Text;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// CREATE statements for a contract's tables on DuckDB or PostgreSQL: a column's type comes from its physicalType when
/// given, otherwise from its logicalType (and options); required becomes NOT NULL; primary keys become PRIMARY KEY.
/// </summary>
public static class ContractDdl
{
    public static string Generate(DataContract contract, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var ddl = new StringBuilder();
        foreach (var table in contract.Schema)
        {
            var name = TableNameOf(table);
            ddl.AppendLine(CultureInfo.InvariantCulture, $"CREATE SCHEMA IF NOT EXISTS {Quote(name.Schema)};");
            ddl.AppendLine(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Quote(name)} (");
            var lines = table.Properties.Select(p =>
                $"    {Quote(p.ColumnName)} {ColumnType(p, dialect)}{(p.Required || p.PrimaryKey ? " NOT NULL" : string.Empty)}").ToList();
            if (table.PrimaryKey.Count > 0)
            {
                lines.Add($"    PRIMARY KEY ({string.Join(", ", table.PrimaryKey.Select(p => Quote(p.ColumnName)))})");
            }

            ddl.AppendLine(string.Join("," + Environment.NewLine, lines));
            ddl.AppendLine(");");
        }

        return ddl.ToString();
    }

    /// <summary>The warehouse table a schema object names: its physicalName (schema.table), or its name in <paramref name="defaultSchema"/>.</summary>
    public static TableName TableNameOf(SchemaObject table, string defaultSchema = "main")
    {
        ArgumentNullException.ThrowIfNull(table);
        var name = table.TableName;
        return name.Contains('.', StringComparison.Ordinal) ? Warehouse.TableName.Parse(name) : new TableName(defaultSchema, name);
    }

    /// <summary>The engine type for a property: physicalType as written, else the dialect's type for the logical type and its options.</summary>
    public static string ColumnType(SchemaProperty property, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(dialect);
        if (!string.IsNullOrWhiteSpace(property.PhysicalType))
        {
            return property.PhysicalType;
        }

        var timezone = property.Options?.Other.TryGetValue("timezone", out var tz) == true && string.Equals(tz?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        return dialect.ColumnType(property.LogicalType, property.Options?.Format, property.Options?.MaxLength, timezone);
    }
}
