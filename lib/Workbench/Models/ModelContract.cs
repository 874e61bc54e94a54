using Workbench.Contracts;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>
/// Enforces a table model's contract when it is built (as dbt's enforced model contracts do): the table is created from
/// the contract's columns and types, required columns NOT NULL, and the model's rows are inserted into it. A model that
/// returns columns the contract does not list, or lacks ones it does, fails before anything is written; a NULL in a
/// required column or a value that does not fit its type fails the build with the engine's message.
/// </summary>
public sealed class ModelContract(SchemaObject table, string contractFile)
{
    public SchemaObject Table { get; } = table;

    public string ContractFile { get; } = contractFile;

    /// <summary>The contract of the model's table among <paramref name="contracts"/>, if one describes it.</summary>
    public static ModelContract? Find(IReadOnlyList<DataContract>? contracts, ModelId model)
    {
        if (contracts is null)
        {
            return null;
        }

        var target = new TableName(model.Schema, model.Name);
        foreach (var contract in contracts)
        {
            if (contract.Schema.FirstOrDefault(t => TableName.Comparer.Equals(ContractDdl.TableNameOf(t), target)) is { } table)
            {
                return new ModelContract(table, contract.File);
            }
        }

        return null;
    }

    /// <summary>Checks the model's columns against the contract; returns what is wrong, or null when they match.</summary>
    public async Task<string?> MismatchAsync(WarehouseConnection warehouse, SqlModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(model);
        var described = await warehouse.QueryAsync($"SELECT * FROM (\n{model.Sql}\n) AS model LIMIT 0", cancellationToken: cancellationToken);
        var returned = described.Columns.Select(c => c.Name).ToList();
        var declared = Table.Properties.Select(p => p.ColumnName).ToList();
        var missing = declared.Where(d => !returned.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
        var extra = returned.Where(r => !declared.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return null;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"it returns no column(s) {string.Join(", ", missing)}, which the contract declares");
        }

        if (extra.Count > 0)
        {
            problems.Add($"it returns column(s) {string.Join(", ", extra)}, which the contract does not declare");
        }

        return $"{model.Id} does not match its contract {ContractFile}: {string.Join("; ", problems)}. " +
            "Change the model's SELECT or the contract (a new column is a non-breaking contract change; a removed one is breaking).";
    }

    /// <summary>The statements that build the model into <paramref name="staging"/>: CREATE TABLE from the contract, then INSERT ... SELECT.</summary>
    public IReadOnlyList<string> BuildStatements(SqlModel model, TableName staging, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = Table.Properties.Select(p => $"{Quote(p.ColumnName)} {ContractDdl.ColumnType(p, dialect)}{(p.Required || p.PrimaryKey ? " NOT NULL" : string.Empty)}");
        var names = string.Join(", ", Table.Properties.Select(p => Quote(p.ColumnName)));
        return
        [
            $"CREATE TABLE {Quote(staging)} ({string.Join(", ", columns)})",
            $"INSERT INTO {Quote(staging)} ({names})\nSELECT {names} FROM (\n{model.Sql}\n) AS model",
        ];
    }
}
