using System.Globalization;
using System.Text;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// Writes a first-draft ODCS v3.1 contract from live tables: one schema object per table with its columns, their
/// engine types (physicalType), logical types and NOT NULL as required. Status is <c>draft</c>: a person adds the
/// descriptions and rules the data really promises.
/// </summary>
public static class ContractScaffold
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
                var dataType = column.DataType.ToUpperInvariant();
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      - name: {Scalar(column.Name)}");
                yaml.AppendLine(CultureInfo.InvariantCulture, $"        logicalType: {(warehouse.Dialect.LogicalTypeOf(dataType) ?? LogicalType.String).ToString().ToLowerInvariant()}");
                yaml.AppendLine(CultureInfo.InvariantCulture, $"        physicalType: {Scalar(dataType)}");
                if (!column.IsNullable)
                {
                    yaml.AppendLine("        required: true");
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>A YAML plain scalar when safe, otherwise double-quoted.</summary>
    private static string Scalar(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or ' ' or '(' or ')' or ',') && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) && value[0] != '-'
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
