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
            var columns = await warehouse.QueryAsync(
                $"""
                SELECT c.column_name, c.data_type, c.is_nullable, t.table_type
                FROM information_schema.columns AS c
                JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE lower(c.table_schema) = lower({Literal(table.Schema)}) AND lower(c.table_name) = lower({Literal(table.Name)})
                ORDER BY c.ordinal_position
                """,
                cancellationToken: cancellationToken);
            if (columns.RowCount == 0)
            {
                throw new ArgumentException($"There is no table or view {table} in {warehouse.Options}; check the name (schema.table) and that the layer has been built.", nameof(tables));
            }

            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Scalar(table.Name)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    physicalName: {Scalar(table.ToString())}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    physicalType: {(((string?)columns.Rows[0][3])?.Contains("VIEW", StringComparison.OrdinalIgnoreCase) == true ? "view" : "table")}");
            yaml.AppendLine("    properties:");
            foreach (var row in columns.Rows)
            {
                var dataType = ((string)row[1]!).ToUpperInvariant();
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      - name: {Scalar((string)row[0]!)}");
                yaml.AppendLine(CultureInfo.InvariantCulture, $"        logicalType: {(ContractConformance.FamilyOf(dataType) ?? LogicalType.String).ToString().ToLowerInvariant()}");
                yaml.AppendLine(CultureInfo.InvariantCulture, $"        physicalType: {Scalar(dataType)}");
                if (string.Equals((string?)row[2], "NO", StringComparison.OrdinalIgnoreCase))
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
