namespace Workbench.Warehouse;

/// <summary>The database engines Workbench can use as its warehouse.</summary>
public enum WarehouseEngine
{
    /// <summary>Embedded DuckDB: a single file, zero setup. The default.</summary>
    DuckDb,

    /// <summary>A PostgreSQL server reached through a connection string.</summary>
    Postgres,
}
