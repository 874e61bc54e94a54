using System.Globalization;
using Workbench.Contracts;
using Workbench.Loading.Sources;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Loading;

/// <summary>
/// Loads tables or queries from operational databases into the raw zone: PostgreSQL (extracted with binary COPY) and
/// other DuckDB files. Each run is one batch, typed by the raw table's contract, with the raw layer's rules. Incremental
/// extracts keep their cursor in <c>_state</c>; full extracts are one batch per snapshot key.
/// </summary>
public sealed class RawDatabaseLoader
{
    private readonly WarehouseConnection _warehouse;
    private readonly RawLoadOptions _options;
    private readonly IReadOnlyList<DataContract>? _contracts;
    private readonly RawBatchLoader _batches;

    /// <param name="contracts">The contracts raw tables are typed by; null loads columns with the source's types as text.</param>
    public RawDatabaseLoader(WarehouseConnection warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _warehouse = warehouse;
        _options = options;
        _contracts = contracts;
        _batches = new RawBatchLoader(warehouse, options);
    }

    public IProgress<RawLoadProgress>? Progress { get; init; }

    /// <summary>Extracts from a PostgreSQL database (<paramref name="connectionString"/>) into raw table <paramref name="table"/>.</summary>
    public Task<RawBatchResult> LoadPostgresAsync(string table, string connectionString, DatabaseExtract extract, CancellationToken cancellationToken = default) =>
        LoadAsync(table, WarehouseOptions.ForPostgres(connectionString), extract, cancellationToken);

    /// <summary>Extracts from another DuckDB file (opened read-only) into raw table <paramref name="table"/>.</summary>
    public Task<RawBatchResult> LoadDuckDbAsync(string table, string path, DatabaseExtract extract, CancellationToken cancellationToken = default) =>
        LoadAsync(table, WarehouseOptions.ForDuckDb(Path.GetFullPath(path)), extract, cancellationToken);

    /// <summary>Extracts from a database of any engine, opened read-only as a source.</summary>
    public Task<RawBatchResult> LoadAsync(string table, WarehouseOptions sourceDatabase, DatabaseExtract extract, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceDatabase);
        ArgumentNullException.ThrowIfNull(extract);
        var options = sourceDatabase with { ReadOnly = true, Role = WarehouseOptions.SourceRole };
        var source = $"{options.DescribeRelativeTo(_options.SourceRoot)}/{extract.Describe()}";
        return LoadAsync(table, source, extract, async (query, cursor, ct) => await SourceRecords.OpenAsync(options, query, cursor, ct), cancellationToken);
    }

    private async Task<RawBatchResult> LoadAsync(
        string table, string source, DatabaseExtract extract, Func<string, CursorTracker?, CancellationToken, Task<IRecordSource>> open, CancellationToken cancellationToken)
    {
        var spec = RawTableSpec.Resolve(_contracts, new TableName(_options.Schema, table), _warehouse.Dialect, _options);
        await RawControlTables.EnsureAsync(_warehouse, _options.Schema, cancellationToken);
        var query = extract.BaseQuery();
        string key;
        CursorTracker? cursor = null;
        if (extract.Cursor is { } column)
        {
            var last = await _warehouse.ScalarAsync<string>(
                $"SELECT cursor_value FROM {Quote(RawControlTables.State(_options.Schema))} WHERE table_name = {Literal(table)} AND source = {Literal(source)}",
                cancellationToken);
            cursor = new CursorTracker(column);
            query = last is null
                ? $"SELECT * FROM ({query}) AS source ORDER BY {Quote(column)}"
                : $"SELECT * FROM ({query}) AS source WHERE {Quote(column)} > {Literal(last)} ORDER BY {Quote(column)}";
            // The cursor already prevents duplicates; a fresh key per run keeps a run that found nothing new from hiding
            // rows that arrive later behind the skip check.
            key = $"{source}|{column}>{last ?? "(start)"}|{Guid.NewGuid():N}";
        }
        else
        {
            key = $"{source}|snapshot:{extract.Snapshot ?? DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        }

        return await _batches.LoadAsync(spec, source, key, ct => open(query, cursor, ct), Progress,
            beforeCommit: cursor is null ? null : (result, ct) => SaveCursorAsync(table, source, cursor, result, ct),
            cancellationToken: cancellationToken);
    }

    /// <summary>Advances the cursor inside the batch's transaction: committed together with the rows, or not at all.</summary>
    private async Task SaveCursorAsync(string table, string source, CursorTracker cursor, RawBatchResult result, CancellationToken cancellationToken)
    {
        if (cursor.Max is not { } max)
        {
            return; // no new rows: the cursor stays where it was
        }

        var state = Quote(RawControlTables.State(_options.Schema));
        await _warehouse.ExecuteAsync($"DELETE FROM {state} WHERE table_name = {Literal(table)} AND source = {Literal(source)}", cancellationToken);
        await _warehouse.ExecuteAsync(
            string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO {state} VALUES ({Literal(table)}, {Literal(source)}, {Literal(cursor.Column)}, {Literal(max)}, {result.BatchId}, {TimestampLiteral(DateTime.UtcNow)})"),
            cancellationToken);
    }

    /// <summary>An extract's records together with the source connection they are read from, closed with them.</summary>
    private sealed class SourceRecords(WarehouseConnection connection, IRecordSource records) : IRecordSource
    {
        public static async Task<IRecordSource> OpenAsync(WarehouseOptions options, string query, CursorTracker? cursor, CancellationToken cancellationToken)
        {
            var connection = await WarehouseConnection.OpenAsync(options, cancellationToken);
            try
            {
                return new SourceRecords(connection, await connection.OpenExtractAsync(query, cursor, cancellationToken));
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public IReadOnlyList<string> Columns => records.Columns;

        public int FieldCount => records.FieldCount;

        public long Line => records.Line;

        public double? Progress => records.Progress;

        public bool Read() => records.Read();

        public object? GetValue(int index) => records.GetValue(index);

        public string RawText() => records.RawText();

        public void Dispose()
        {
            records.Dispose();
            connection.Dispose();
        }
    }
}
