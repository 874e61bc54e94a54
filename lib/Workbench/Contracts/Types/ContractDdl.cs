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

    /// <summary>
    /// The engine type for a property: its physicalType in this engine's spelling (another engine's name for the same
    /// type is mapped; a type this engine has no equal of stops with the property's location and what to write), else the
    /// dialect's type for the logical type and its options; an array of typed items is an array of that type, an object
    /// with fields a STRUCT where the engine has one.
    /// </summary>
    /// <exception cref="Errors.ContractTypeException">The physicalType has no equal on this engine.</exception>
    public static string ColumnType(SchemaProperty property, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(dialect);
        if (!string.IsNullOrWhiteSpace(property.PhysicalType))
        {
            var type = dialect.TranslateType(property.PhysicalType, out var problem);
            return problem is null ? type : throw new Errors.ContractTypeException(property.Location,
                $"{property.Name}: physicalType {property.PhysicalType} cannot be created on {dialect.Name}: {problem}.");
        }

        if (property.LogicalType == LogicalType.Array && property.Items is { LogicalType: not null } items)
        {
            return ColumnType(items, dialect) + "[]";
        }

        if (property.LogicalType == LogicalType.Object && property.Properties.Count > 0 && dialect.StructType(property.Properties.Select(f => (f.ColumnName, ColumnType(f, dialect))).ToList()) is { } structured)
        {
            return structured;
        }

        var timezone = property.Options?.Other.TryGetValue("timezone", out var tz) == true && string.Equals(tz?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        return dialect.ColumnType(property.LogicalType, property.Options?.Format, property.Options?.MaxLength, timezone);
    }
}
