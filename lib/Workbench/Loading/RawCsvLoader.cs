using Workbench.Contracts;
using Workbench.Loading.Sources;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// Loads CSV files into the raw zone, typed by each table's contract (see <see cref="RawFileLoader"/> for the batch rules).
/// Any delimiter, header or not (without one, fields follow the contract's column order), quoted fields with delimiters,
/// quotes and line breaks, UTF-8 with or without BOM or another declared encoding (<see cref="CsvSourceFormat.Encoding"/>). A row with the wrong field count, a value that does not parse, a
/// missing required value, or a value in a column the contract does not have under <see cref="SchemaMode.DiscardRow"/>
/// goes to <c>_rejects</c> with its line, column, reason and raw text. Without contracts every field is loaded as text.
/// </summary>
public sealed class RawCsvLoader : RawFileLoader
{
    /// <param name="contracts">The contracts raw tables are typed by; null loads every table untyped (all text).</param>
    public RawCsvLoader(WarehouseConnection warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts = null)
        : base(warehouse, options, contracts)
    {
    }

    /// <summary>How the files are written (default: comma-separated with a header line).</summary>
    public CsvSourceFormat Format { get; init; } = CsvSourceFormat.Default;

    /// <summary>
    /// Write rows with DuckDB's own CSV reader when the warehouse is DuckDB (much faster; the same rows, rejects and
    /// reasons). False streams every row through .NET on both engines.
    /// </summary>
    public bool UseNativeReader { get; init; } = true;

    private protected override Func<IngestContext, IRecordSource, CancellationToken, Task<IngestResult>>? IngestFor(RawTableSpec spec, string path) =>
        UseNativeReader && Warehouse.NativeCsvIngest is { } native
            ? (context, records, cancellationToken) => native.Applies(context, Format)
                ? native.IngestAsync(Warehouse, context, path, Format, cancellationToken)
                : Batches.StreamAsync(context, records, cancellationToken)
            : null;

    /// <summary>
    /// A batch into a raw table that does not exist yet is written to a staging table outside the batch's transaction, at
    /// the speed of the engine's own CREATE TABLE AS, and the transaction swaps it into place (staged, then swapped).
    /// </summary>
    private protected override async Task<PreparedIngest?> PrepareAsync(RawTableSpec spec, string path, string source, CancellationToken cancellationToken)
    {
        if (!UseNativeReader || Warehouse.NativeCsvIngest is not { } native || await Warehouse.TableExistsAsync(spec.Table, cancellationToken))
        {
            return null;
        }

        IngestContext context;
        var trace = new LoadTrace();
        trace.Mark("stage: is the table new");
        var batchId = await Batches.NextBatchIdAsync(spec.Table, cancellationToken);
        trace.Mark("stage: batch id");
        using (var records = await OpenAsync(path, source, cancellationToken))
        {
            var plan = ColumnPlan.Create(spec, records.Columns, source);
            context = new IngestContext(spec, plan, batchId, source, DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified), Progress);
            if (!native.Applies(context, Format))
            {
                return null;
            }
        }

        trace.Mark("stage: header and plan");
        return await native.StageAsync(Warehouse, context, path, Format, cancellationToken);
    }

    protected override async Task<IRecordSource> OpenAsync(string path, string source, CancellationToken cancellationToken) =>
        await CsvRecordSource.OpenAsync(path, source, Format, cancellationToken);
}
