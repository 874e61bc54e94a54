using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Warehouse;

namespace Workbench.Contracts;

/// <summary>
/// Writes a first-draft ODCS v3.1 contract from live tables: one schema object per table with its columns described
/// portably, so the contract works on either engine: the logical type with the options that pin the engine's type
/// (<c>format: i32</c>, <c>maxLength: 18</c>, <c>timezone: true</c>; an array's items, a struct's fields), and a
/// physicalType only where those do not say it all (<c>DECIMAL(10,2)</c>, <c>UUID</c>), in a spelling both engines read
/// or map. NOT NULL becomes required. Status is <c>draft</c>: a person adds the descriptions and rules the data promises.
/// </summary>
public static partial class ContractScaffold
{
    public static async Task<string> FromTablesAsync(WarehouseConnection warehouse, string id, IReadOnlyList<TableName> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(tables);
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v3.1.0");
        yaml.AppendLine("kind: DataContract");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"id: {Scalar(id)}");
        yaml.AppendLine("version: 0.1.0");
        yaml.AppendLine("status: draft");
        yaml.AppendLine("schema:");
        foreach (var table in tables)
        {
            var live = await warehouse.DescribeAsync(table, cancellationToken)
                ?? throw new ArgumentException($"There is no table or view {table} in {warehouse.Options}; check the name (schema.table) and that the layer has been built.", nameof(tables));
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Scalar(table.Name)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    physicalName: {Scalar(table.ToString())}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    physicalType: {(live.IsView ? "view" : "table")}");
            yaml.AppendLine("    properties:");
            foreach (var column in live.Columns)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      - name: {Scalar(column.Name)}");
                Describe(yaml, warehouse.Dialect, warehouse.Dialect.ParseType(column.DataType), "        ");
                if (!column.IsNullable)
                {
                    yaml.AppendLine("        required: true");
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>The type lines of one column, array items or struct field, at <paramref name="indent"/>.</summary>
    private static void Describe(StringBuilder yaml, SqlDialect dialect, EngineType type, string indent)
    {
        if (type.Family == LogicalType.Array && type.Items is { } items)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}logicalType: array");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}items:");
            Describe(yaml, dialect, items, indent + "  ");
            return;
        }

        if (type.Family == LogicalType.Object && type.Fields is { Count: > 0 } fields)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}logicalType: object");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}properties:");
            foreach (var field in fields)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}  - name: {Scalar(field.Name)}");
                Describe(yaml, dialect, field.Type, indent + "    ");
            }

            return;
        }

        var canonical = dialect.Canonical(type.Text);
        var integerFormat = dialect.IntegerFormatOf(type.Text);
        var logical = integerFormat is not null ? LogicalType.Integer : type.Family ?? LogicalType.String;
        var format = logical switch
        {
            LogicalType.Integer => integerFormat,
            LogicalType.Number when canonical == "REAL" => "f32",
            LogicalType.String when canonical == "UUID" => "uuid",
            _ => null,
        };
        int? maxLength = logical == LogicalType.String && VarcharLength().Match(canonical) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var timezone = logical == LogicalType.Timestamp && canonical.StartsWith("TIMESTAMPTZ", StringComparison.Ordinal);
        var reproduced = dialect.Canonical(dialect.ColumnType(logical, logical == LogicalType.String ? null : format, maxLength, timezone));
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}logicalType: {logical.ToString().ToLowerInvariant()}");
        if (format is not null || maxLength is not null || timezone)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}logicalTypeOptions:");
            if (format is not null)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}  format: {format}");
            }

            if (maxLength is { } length)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}  maxLength: {length}");
            }

            if (timezone)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}  timezone: true");
            }
        }

        if (reproduced != canonical)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}physicalType: {Scalar(canonical)}");
        }
    }

    [GeneratedRegex(@"^VARCHAR\((\d+)\)$")]
    private static partial Regex VarcharLength();

    /// <summary>A YAML plain scalar when safe, otherwise double-quoted.</summary>
    private static string Scalar(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or ' ' or '(' or ')' or ',') && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) && value[0] != '-'
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
