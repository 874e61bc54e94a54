using Workbench.Warehouse;

namespace Workbench.Contracts;

/// <summary>
/// Where contracts' tables are on one warehouse. A qualified <c>physicalName</c> (<c>sales.orders</c>) is used as written; an
/// unqualified one lives in the schema of the contract's server for this engine (<c>servers[].schema</c>) when the
/// contract names the server in use, else in the connection's default schema (PostgreSQL's search path, DuckDB's
/// current schema). With a catalog, names take the engine's own spelling, so a contract written in another case gives
/// the same verdicts on an engine whose quoted names are case-sensitive (PostgreSQL) as on one whose are not (DuckDB).
/// </summary>
public sealed class ContractTarget
{
    private readonly CatalogSnapshot? _catalog;
    private readonly Func<TableName, TableName>? _relocate;

    private ContractTarget(SqlDialect dialect, string defaultSchema, string? server, CatalogSnapshot? catalog, Func<TableName, TableName>? relocate = null)
    {
        Dialect = dialect;
        DefaultSchema = defaultSchema;
        Server = server;
        _catalog = catalog;
        _relocate = relocate;
    }

    /// <summary>
    /// The same target with tables moved where <paramref name="relocate"/> says (a build's unpublished versions, an
    /// environment's prefixed schemas); names it leaves alone stay where they were.
    /// </summary>
    public ContractTarget Relocated(Func<TableName, TableName> relocate)
    {
        ArgumentNullException.ThrowIfNull(relocate);
        var before = _relocate;
        return new(Dialect, DefaultSchema, Server, _catalog, before is null ? relocate : name => relocate(before(name)));
    }

    public SqlDialect Dialect { get; }

    /// <summary>The schema unqualified names resolve to when the contract names no server for this engine.</summary>
    public string DefaultSchema { get; }

    /// <summary>The server the user said is in use (<c>--server</c>), or null to pick the contract's one server of this engine's type.</summary>
    public string? Server { get; }

    /// <summary>Without a connection: the engine's usual default schema, names as written.</summary>
    public static ContractTarget Offline(SqlDialect dialect, string? server = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return new ContractTarget(dialect, dialect.DefaultSchema, server, null);
    }

    /// <summary>
    /// On a live warehouse: its default schema, and the catalog of every schema the contracts' tables may be in (after
    /// <paramref name="relocate"/>, when the tables are looked for elsewhere: an environment's prefixed schemas).
    /// </summary>
    public static async Task<ContractTarget> ConnectAsync(WarehouseConnection warehouse, IEnumerable<DataContract> contracts, string? server = null, Func<TableName, TableName>? relocate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(contracts);
        var offline = new ContractTarget(warehouse.Dialect, await warehouse.DefaultSchemaAsync(cancellationToken), server, null, relocate);
        var schemas = contracts.SelectMany(c => c.Schema.Select(t => offline.TableOf(c, t).Schema)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var catalog = await warehouse.ReadCatalogAsync(schemas, cancellationToken);
        return new ContractTarget(offline.Dialect, offline.DefaultSchema, server, catalog, relocate);
    }

    /// <summary>The same target without its relocation: where the contracts themselves say the tables are.</summary>
    public ContractTarget Unrelocated => new(Dialect, DefaultSchema, Server, null);

    /// <summary>
    /// The server of <paramref name="contract"/> that describes this warehouse: the one named by <see cref="Server"/>, else the
    /// contract's only server of this engine's type. Null (with a reason when it is not obvious) when there is none.
    /// </summary>
    public ContractServer? ServerOf(DataContract contract, out string? note)
    {
        ArgumentNullException.ThrowIfNull(contract);
        note = null;
        if (Server is { } named)
        {
            var chosen = contract.Servers.FirstOrDefault(s => string.Equals(s.Server, named, StringComparison.Ordinal));
            if (chosen is not null && !Dialect.ServerTypes.Contains(chosen.Type, StringComparer.OrdinalIgnoreCase))
            {
                note = $"server '{named}' of {contract.File} is of type {chosen.Type}, not {Dialect.Name}; its schema is not used.";
                return null;
            }

            return chosen;
        }

        var mine = contract.Servers.Where(s => Dialect.ServerTypes.Contains(s.Type, StringComparer.OrdinalIgnoreCase)).ToList();
        if (mine.Count > 1)
        {
            note = $"{contract.File} names {mine.Count} {Dialect.Name} servers ({string.Join(", ", mine.Select(s => s.Server))}); " +
                $"unqualified tables are looked for in {DefaultSchema}. Say which one is in use with --server.";
            return null;
        }

        return mine.FirstOrDefault();
    }

    /// <summary>The warehouse table of <paramref name="table"/>, in the engine's spelling when the catalog has it.</summary>
    public TableName TableOf(DataContract contract, SchemaObject table)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(table);
        var written = table.TableName;
        var name = written.Contains('.', StringComparison.Ordinal)
            ? TableName.Parse(written)
            : new TableName(ServerOf(contract, out _)?.Setting("schema") ?? DefaultSchema, written);
        name = _relocate?.Invoke(name) ?? name;
        return _catalog?.Find(name)?.Name ?? name;
    }

    public TableName TableOf(ContractTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return TableOf(table.Contract, table.Table);
    }

    /// <summary>The live table or view, when this target was read from a warehouse and it exists.</summary>
    public CatalogObject? Describe(ContractTable table) => _catalog?.Find(TableOf(table));

    /// <summary>The column name of <paramref name="property"/> in the engine's spelling when the catalog has it.</summary>
    public string ColumnOf(ContractTable table, SchemaProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return Describe(table)?.Column(property.ColumnName)?.Name ?? property.ColumnName;
    }
}
