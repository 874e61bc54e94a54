using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// An engine's own CSV reader writing a raw batch (DuckDB's parallel <c>read_csv</c>), offered by the engine's adapter
/// (<see cref="WarehouseConnection.NativeCsvIngest"/>). It must give the same rows, rejects and reasons as streaming.
/// </summary>
internal interface INativeCsvIngest
{
    /// <summary>Whether it can write this batch (a format it reads as streaming does; no schema mode that needs a row-by-row decision).</summary>
    bool Applies(IngestContext context, CsvSourceFormat format);

    /// <summary>
    /// Writes a batch for a table that does not exist yet into a staging table before the batch's transaction, and
    /// returns how the transaction swaps it in.
    /// </summary>
    Task<PreparedIngest> StageAsync(WarehouseConnection warehouse, IngestContext context, string path, CsvSourceFormat format, CancellationToken cancellationToken);

    /// <summary>Writes the batch's rows into the table, inside the batch's transaction.</summary>
    Task<IngestResult> IngestAsync(WarehouseConnection warehouse, IngestContext context, string path, CsvSourceFormat format, CancellationToken cancellationToken);
}
