using Workbench.Contracts;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// What a raw table holds, from its contract: the target table, its source columns with types and requiredness, and the
/// schema mode. Lineage columns (names starting with <c>_</c>) are the loader's own and are not source columns.
/// </summary>
public sealed record RawTableSpec(TableName Table, IReadOnlyList<RawColumn> Columns, SchemaMode Mode, string? ContractFile)
{
    /// <summary>The contract's custom property that sets the schema mode of a table.</summary>
    public const string SchemaModeProperty = "schemaMode";

    /// <summary>False for a table loaded without a contract: every column is text and new columns are added.</summary>
    public bool IsTyped => ContractFile is not null;

    /// <summary>A table with no contract: columns come from each file's header, as text.</summary>
    public static RawTableSpec Untyped(TableName table) => new(table, [], SchemaMode.Evolve, null);

    /// <summary>The spec a schema object of a contract describes, on an engine.</summary>
    public static RawTableSpec FromContract(DataContract contract, SchemaObject table, SqlDialect dialect, string defaultSchema = "raw")
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Properties
            .Where(p => !p.ColumnName.StartsWith('_'))
            .Select(p => new RawColumn(p.ColumnName, p.LogicalType ?? LogicalType.String, ContractDdl.ColumnType(p, dialect), p.Required || p.PrimaryKey))
            .ToList();
        return new RawTableSpec(ContractDdl.TableNameOf(table, defaultSchema), columns, ModeOf(table), contract.File);
    }

    /// <summary>
    /// The spec a load uses for raw table <paramref name="name"/>: untyped without contracts, else the table's contract
    /// (an error listing the contracted tables when none describes it), with the options' schema mode applied.
    /// </summary>
    public static RawTableSpec Resolve(IReadOnlyList<DataContract>? contracts, TableName name, SqlDialect dialect, RawLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (contracts is null)
        {
            return options.Apply(Untyped(name));
        }

        return options.Apply(Find(contracts, name, dialect)
            ?? throw new Errors.RawLoadException(
                $"No contract describes raw table {name}. Add one under contracts/{name.Schema}/ (draft it with `workbench contract import {name}` after an untyped load), " +
                $"or load without contracts. Contracted tables: {string.Join(", ", contracts.SelectMany(c => c.Schema).Select(t => ContractDdl.TableNameOf(t, name.Schema).ToString()).Where(t => t.StartsWith(name.Schema + ".", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))}.",
                string.Empty, name.Name, []));
    }

    /// <summary>Finds the contract of raw table <paramref name="name"/> among <paramref name="contracts"/>.</summary>
    public static RawTableSpec? Find(IEnumerable<DataContract> contracts, TableName name, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        foreach (var contract in contracts)
        {
            foreach (var table in contract.Schema)
            {
                if (TableName.Comparer.Equals(ContractDdl.TableNameOf(table, name.Schema), name))
                {
                    return FromContract(contract, table, dialect, name.Schema);
                }
            }
        }

        return null;
    }

    private static SchemaMode ModeOf(SchemaObject table)
    {
        if (table.Other.TryGetValue("customProperties", out var custom) && custom is List<object?> properties)
        {
            foreach (var property in properties.OfType<Dictionary<string, object?>>())
            {
                if (property.TryGetValue("property", out var key) && string.Equals(key as string, SchemaModeProperty, StringComparison.Ordinal)
                    && property.TryGetValue("value", out var value) && SchemaModes.TryParse(value as string, out var mode))
                {
                    return mode;
                }
            }
        }

        return SchemaMode.Evolve;
    }
}
