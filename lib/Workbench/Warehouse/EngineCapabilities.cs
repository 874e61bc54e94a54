namespace Workbench.Warehouse;

/// <summary>
/// What an engine can do that another cannot, as flags callers read instead of asking which engine it is
/// (like dlt's destination capabilities).
/// </summary>
/// <param name="ConcurrentBuilds">Independent models may build at once, each on its own connection (a server); an embedded
/// engine builds one at a time, each statement already using every core.</param>
/// <param name="ViewsBindToTables">Views reference the table itself, not its name: replacing a table must recreate the views on
/// it in the same transaction (PostgreSQL). When false, a view finds the new table by name (DuckDB).</param>
/// <param name="CreateTableAsReportsRows">CREATE TABLE ... AS reports how many rows it wrote; when false they are counted afterwards.</param>
public sealed record EngineCapabilities(bool ConcurrentBuilds, bool ViewsBindToTables, bool CreateTableAsReportsRows);
