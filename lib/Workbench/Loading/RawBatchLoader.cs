using System.Diagnostics;
using System.Globalization;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading.Sources;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Loading;

/// <summary>
/// Loads one batch from any source into a raw table, with the raw layer's rules: one transaction per batch; a batch
/// whose key (a file's content hash, or a logical key such as a cursor range) was loaded before is recorded as skipped;
/// lineage columns on every row; rows that cannot be typed go to <c>_rejects</c>; read = loaded + rejected is checked,
/// also against the rows actually in the table; too many rejects fail the batch and write nothing.
/// </summary>
internal sealed class RawBatchLoader(WarehouseConnection warehouse, RawLoadOptions options)
{
    /// <remarks>The control tables must exist (<see cref="RawControlTables.EnsureAsync"/>): every loader makes sure of them first.</remarks>
    /// <param name="key">Identifies the batch's content: loading a key already loaded into this table is skipped.</param>
    /// <param name="open">Opens the source's records (called only when the batch is not skipped).</param>
    /// <param name="ingest">Writes the rows another way than streaming the records (the DuckDB CSV reader); null streams them.</param>
    /// <param name="beforeCommit">Runs inside the batch's transaction after its rows are written, e.g. to advance a cursor.</param>
    public async Task<RawBatchResult> LoadAsync(
        RawTableSpec spec,
        string source,
        string key,
        Func<CancellationToken, Task<IRecordSource>> open,
        IProgress<RawLoadProgress>? progress = null,
        Func<IngestContext, IRecordSource, CancellationToken, Task<IngestResult>>? ingest = null,
        Func<RawBatchResult, CancellationToken, Task>? beforeCommit = null,
        bool createsTable = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var batch = new System.Runtime.CompilerServices.StrongBox<long>();
        try
        {
            return await LoadBatchAsync(spec, source, key, open, progress, ingest, beforeCommit, createsTable, batch, cancellationToken);
        }
        catch (Exception e) when (IsInfrastructureFailure(e, cancellationToken))
        {
            throw InfrastructureFailure(e, spec.Table, source, batch.Value);
        }
    }

    /// <summary>Whether <paramref name="e"/> is the warehouse failing (not yet said so in a message of ours), not the data.</summary>
    internal bool IsInfrastructureFailure(Exception e, CancellationToken cancellationToken) =>
        e is not WarehouseException { Unreachable: true } && !cancellationToken.IsCancellationRequested && warehouse.IsInfrastructureFailure(e);

    /// <summary>
    /// The server went away, the disk filled, while a batch was being written: where (server, file, table, batch), what
    /// state the data is in (the batch's transaction took nothing with it), and what to do.
    /// </summary>
    internal WarehouseException InfrastructureFailure(Exception e, TableName table, string source, long batch) =>
        new(
            $"The {warehouse.Options.Role} {warehouse.Options.Describe()} failed while {source} was being loaded into {table}{(batch > 0 ? $" (batch {batch})" : string.Empty)}: " +
            $"{warehouse.DescribeFailure(e).TrimEnd('.')}. Nothing of this batch was written: its transaction was rolled back; batches loaded before it are kept. " +
            "Fix the cause (is the server up? does the disk have space?), then run the load again: files loaded already are skipped, and this one is loaded whole.",
            null,
            e)
        {
            Unreachable = true,
        };

    private async Task<RawBatchResult> LoadBatchAsync(
        RawTableSpec spec,
        string source,
        string key,
        Func<CancellationToken, Task<IRecordSource>> open,
        IProgress<RawLoadProgress>? progress,
        Func<IngestContext, IRecordSource, CancellationToken, Task<IngestResult>>? ingest,
        Func<RawBatchResult, CancellationToken, Task>? beforeCommit,
        bool createsTable,
        System.Runtime.CompilerServices.StrongBox<long> batch,
        CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var trace = new LoadTrace();
        var table = spec.Table.Name;
        await using var lease = await LoadLock.AcquireAsync(warehouse, options.Schema, table, options.Log, cancellationToken); // released after the transaction ends
        await using var transaction = await warehouse.BeginTransactionAsync(cancellationToken);
        var (batchId, alreadyLoaded) = await NextBatchAsync(spec.Table, key, cancellationToken);
        batch.Value = batchId;
        if (alreadyLoaded && !options.FullRefresh)
        {
            var skipped = new RawBatchResult(batchId, table, source, key, RawBatchStatus.Skipped, 0, 0, 0, clock.Elapsed);
            await RecordBatchAsync(skipped, started, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return skipped;
        }

        trace.Mark("batch id, skip check");
        using var records = await open(cancellationToken);
        trace.Mark("open source");
        var plan = ColumnPlan.Create(spec, records.Columns, source);
        var notes = await EnsureTableAsync(spec, plan, createIfMissing: !createsTable, cancellationToken);
        if (options.FullRefresh && !createsTable)
        {
            await warehouse.ExecuteAsync(
                $"""
                DELETE FROM {Quote(spec.Table)} WHERE _batch_id IN (
                    SELECT batch_id FROM {Quote(RawControlTables.Batches(options.Schema))} WHERE table_name = {Literal(table)} AND source = {Literal(source)})
                """,
                cancellationToken);
        }

        var countInserted = await warehouse.CountInsertsAsync(spec.Table, $"SELECT COUNT(*) FROM {Quote(spec.Table)} WHERE _batch_id = {batchId}", cancellationToken);
        trace.Mark("ensure table");
        var context = new IngestContext(spec, plan, batchId, source, DateTime.SpecifyKind(started, DateTimeKind.Unspecified), progress);
        var (rowsRead, loaded, rejects) = await (ingest ?? StreamAsync)(context, records, cancellationToken);
        trace.Mark("ingest");
        var inTable = await countInserted(cancellationToken);
        var result = new RawBatchResult(batchId, table, source, key, RawBatchStatus.Loaded, rowsRead, loaded, rejects.Count, clock.Elapsed) { Notes = notes };
        if (result.RowsRead != result.RowsLoaded + result.RowsRejected || inTable != loaded)
        {
            throw new RawLoadException(
                $"{source}: read {rowsRead} rows, loaded {loaded} ({inTable} in {spec.Table}) and rejected {rejects.Count}; the counts must reconcile. Nothing was loaded.",
                source, table, rejects);
        }

        if (rowsRead > 0 && (double)rejects.Count / rowsRead > options.MaxRejectedFraction)
        {
            var sample = string.Join(Environment.NewLine, rejects.Take(5).Select(r => $"  line {r.SourceLine}{(r.Column is null ? string.Empty : $", column {r.Column}")}: {r.Reason}: {(r.RawText.Length <= 200 ? r.RawText : r.RawText[..200] + "…")}"));
            throw new RawLoadException(
                $"{source}: {rejects.Count} of {rowsRead} rows were rejected, more than the allowed {options.MaxRejectedFraction:P0}. " +
                $"Nothing was loaded. First rejects:{Environment.NewLine}{sample}{Environment.NewLine}" +
                "Fix the source, or raise the allowed fraction (MaxRejectedFraction, --max-rejected) if these rows are expected.",
                source, table, rejects);
        }

        trace.Mark("reconcile");
        await RecordRejectsAsync(batchId, table, source, rejects, cancellationToken);
        await RecordBatchAsync(result, started, cancellationToken);
        trace.Mark("record rejects and batch");
        if (beforeCommit is not null)
        {
            await beforeCommit(result, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        trace.Mark("commit");
        return result;
    }

    /// <summary>Streams the records through the plan's parsers into the engine's bulk path; untypable records become rejects.</summary>
    public async Task<IngestResult> StreamAsync(IngestContext context, IRecordSource records, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var typer = new RecordTyper(context);
        var rejects = new List<RawReject>();
        long rowsRead = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        IEnumerable<object?[]> Rows()
        {
            while (records.Read())
            {
                rowsRead++;
                if (context.Progress is not null && clock.Elapsed - lastReport > TimeSpan.FromSeconds(1))
                {
                    lastReport = clock.Elapsed;
                    context.Progress.Report(new RawLoadProgress(spec.Table.ToString(), context.Source, rowsRead, records.Progress, clock.Elapsed));
                }

                if (typer.TryFill(records, rowsRead) is { } reject)
                {
                    rejects.Add(reject);
                    continue;
                }

                yield return typer.Row;
            }
        }

        var loaded = await warehouse.BulkInsertAsync(spec.Table, [.. RawFileLoader.LineageColumns, .. context.Plan.WrittenColumns], Rows(), cancellationToken);
        context.Progress?.Report(new RawLoadProgress(spec.Table.ToString(), context.Source, rowsRead, 1, clock.Elapsed));
        return new IngestResult(rowsRead, loaded, rejects);
    }

    /// <summary>
    /// Creates the raw table on first sight: lineage columns, then the contract's columns with their types (required ones
    /// NOT NULL), or the source's as text when untyped. Later, columns the contract gained, and new columns under
    /// <see cref="SchemaMode.Evolve"/>, are added. Returns what changed, for the batch's notes.
    /// </summary>
    /// <param name="createIfMissing">False when the batch's rows become the table themselves (a staged first batch).</param>
    private async Task<IReadOnlyList<string>> EnsureTableAsync(RawTableSpec spec, ColumnPlan plan, bool createIfMissing, CancellationToken cancellationToken)
    {
        var table = spec.Table;
        var existing = await warehouse.GetColumnsAsync(table, cancellationToken);
        var text = warehouse.Dialect.TextType;
        var evolved = plan.ExtraFields.Where(i => plan.Targets[i] is not null).Select(i => plan.Header[i]).ToList();
        var notes = evolved.Select(c => $"column '{c}' is not in the contract: loaded as text (schema mode evolve); add it to the contract").ToList();
        if (spec.Mode == SchemaMode.DiscardValue && plan.ExtraFields.Count > 0)
        {
            notes.Add($"values of column(s) {string.Join(", ", plan.ExtraFields.Select(i => $"'{plan.Header[i]}'"))} were dropped: not in the contract (schema mode discard_value)");
        }

        if (plan.MissingColumns.Count > 0)
        {
            notes.Add($"the source has no column(s) {string.Join(", ", plan.MissingColumns.Select(c => $"'{c}'"))}: loaded as NULL");
        }

        var wanted = Columns(spec, plan, text);
        if (existing.Count == 0)
        {
            if (!createIfMissing)
            {
                return notes;
            }

            await warehouse.CreateSchemaAsync(table.Schema, cancellationToken);
            await warehouse.ExecuteAsync(CreateTableSql(spec, plan, table, text), cancellationToken);
            return notes;
        }

        if (RawFileLoader.LegacyLineageColumns.Where(c => existing.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList() is { Count: > 0 } legacy)
        {
            notes.Add(await MigrateLineageAsync(table, legacy, cancellationToken));
            existing = existing.Where(c => !legacy.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        if (spec.IsTyped)
        {
            await CheckExistingTypesAsync(spec, cancellationToken);
        }

        foreach (var column in wanted.Where(c => !existing.Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
        {
            // Rows loaded before have no value for a column added now, so it cannot be NOT NULL.
            await warehouse.ExecuteAsync($"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column.Name)} {column.Type}", cancellationToken);
            notes.Add($"added column '{column.Name}' {column.Type} to {table}");
        }

        return notes;
    }

    /// <summary>
    /// A table loaded before Workbench 0.10 carries <c>_source</c> and <c>_ingested_at</c> on every row. Inside the batch's
    /// transaction, any batch of its rows that <c>raw._batches</c> does not know (the audit table was dropped or emptied by
    /// hand) is recorded there from those columns, then the columns are dropped: nothing a row said is lost, it is one
    /// join away. Returns the batch's note.
    /// </summary>
    private async Task<string> MigrateLineageAsync(TableName table, IReadOnlyList<string> legacy, CancellationToken cancellationToken)
    {
        var batches = Quote(RawControlTables.Batches(options.Schema));
        var source = legacy.Contains("_source", StringComparer.OrdinalIgnoreCase) ? "MIN(t._source)" : Literal("(unknown: loaded before Workbench 0.10)");
        var at = legacy.Contains("_ingested_at", StringComparer.OrdinalIgnoreCase) ? "MIN(t._ingested_at)" : "CAST(CURRENT_TIMESTAMP AS TIMESTAMP)";
        var recovered = await warehouse.ExecuteAsync(
            $"""
            INSERT INTO {batches} (batch_id, table_name, source, content_hash, status, rows_read, rows_loaded, rows_rejected, started_at, finished_at, notes)
            SELECT t._batch_id, {Literal(table.Name)}, {source}, 'migrated:' || CAST(t._batch_id AS {warehouse.Dialect.TextType}), 'loaded', COUNT(*), COUNT(*), 0, {at}, {at},
                'recovered from the rows while moving their lineage into {RawControlTables.Batches(options.Schema)}'
            FROM {Quote(table)} AS t
            WHERE NOT EXISTS (SELECT 1 FROM {batches} AS b WHERE b.batch_id = t._batch_id)
            GROUP BY t._batch_id
            """,
            cancellationToken);
        foreach (var column in legacy)
        {
            await warehouse.ExecuteAsync($"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}", cancellationToken);
        }

        return $"moved {string.Join(" and ", legacy)} from every row of {table} into {RawControlTables.Batches(options.Schema)} (one row per batch{(recovered > 0 ? $"; {recovered} batch(es) recovered from the rows" : string.Empty)}): join on _batch_id for a row's file and load time";
    }

    /// <summary>The CREATE TABLE of a new raw table (under <paramref name="name"/>): lineage columns, then the contract's, then evolved ones.</summary>
    public static string CreateTableSql(RawTableSpec spec, ColumnPlan plan, TableName name, string textType)
    {
        var columns = RawFileLoader.LineageColumns.Select(c => $"{c} BIGINT NOT NULL")
            .Concat(Columns(spec, plan, textType).Select(c => $"{Quote(c.Name)} {c.Type}{(c.Required ? " NOT NULL" : string.Empty)}"));
        return $"CREATE TABLE {Quote(name)} ({string.Join(", ", columns)})";
    }

    /// <summary>
    /// The batch id the next batch gets: past every id in <c>_batches</c> and in the table itself, so ids stay unique
    /// even when the audit table was dropped or emptied by hand. (Outside a transaction it is a reservation the batch
    /// confirms.) The control tables must exist.
    /// </summary>
    public async Task<long> NextBatchIdAsync(TableName table, CancellationToken cancellationToken) =>
        (await NextBatchAsync(table, null, cancellationToken)).BatchId;

    /// <summary>The next batch id, and whether content <paramref name="key"/> is already loaded into the table: one round trip.</summary>
    private async Task<(long BatchId, bool AlreadyLoaded)> NextBatchAsync(TableName table, string? key, CancellationToken cancellationToken)
    {
        var audit = await warehouse.QueryAsync(
            $"""
            SELECT COALESCE(MAX(batch_id), 0), COUNT(*) FILTER (WHERE table_name = {Literal(table.Name)}),
                COUNT(*) FILTER (WHERE table_name = {Literal(table.Name)} AND content_hash = {Literal(key ?? string.Empty)} AND status = 'loaded')
            FROM {Quote(RawControlTables.Batches(options.Schema))}
            """,
            cancellationToken: cancellationToken);
        var recorded = Convert.ToInt64(audit.Rows[0][0], CultureInfo.InvariantCulture);

        // Only when the audit table knows nothing of this table is the table itself read (a full scan on PostgreSQL).
        var known = Convert.ToInt64(audit.Rows[0][1], CultureInfo.InvariantCulture) > 0;
        var stored = !known && (await warehouse.GetColumnsAsync(table, cancellationToken)).Contains("_batch_id", StringComparer.OrdinalIgnoreCase)
            ? await warehouse.ScalarAsync<long>($"SELECT COALESCE(MAX(_batch_id), 0) FROM {Quote(table)}", cancellationToken)
            : 0;
        return (1 + Math.Max(recorded, stored), key is not null && Convert.ToInt64(audit.Rows[0][2], CultureInfo.InvariantCulture) > 0);
    }

    /// <summary>A new raw table's data columns in table order: the contract's, then columns added under schema mode evolve.</summary>
    internal static List<(string Name, string Type, bool Required)> Columns(RawTableSpec spec, ColumnPlan plan, string textType)
    {
        var evolved = plan.ExtraFields.Where(i => plan.Targets[i] is not null).Select(i => plan.Header[i]);
        return (spec.IsTyped ? spec.Columns.Select(c => (c.Name, Type: c.SqlType, c.Required)) : plan.Header.Select(h => (Name: h, Type: textType, Required: false)))
            .Concat(evolved.Select(c => (Name: c, Type: textType, Required: false)))
            .ToList();
    }

    /// <summary>A table created before its contract typed it (or under another type) cannot take typed rows: say how to rebuild it.</summary>
    private async Task CheckExistingTypesAsync(RawTableSpec spec, CancellationToken cancellationToken)
    {
        var live = await warehouse.DescribeAsync(spec.Table, cancellationToken);
        var types = (live?.Columns ?? []).ToDictionary(c => c.Name, c => c.DataType, StringComparer.OrdinalIgnoreCase);
        var wrong = spec.Columns
            .Where(c => types.TryGetValue(c.Name, out var type) && warehouse.Dialect.LogicalTypeOf(type) is { } family && family != c.Type
                && !(c.Type == LogicalType.Number && family == LogicalType.Integer))
            .Select(c => $"{c.Name} is {types[c.Name]} but the contract says {c.Type.ToString().ToLowerInvariant()}")
            .ToList();
        if (wrong.Count > 0)
        {
            throw new RawLoadException(
                $"{spec.Table} was created with other types than {spec.ContractFile} gives: {string.Join("; ", wrong)}. Nothing was loaded. " +
                $"Raw tables can be rebuilt from their sources: drop the table (DROP TABLE {spec.Table}; or delete the warehouse file, e.g. `dotnet cake --target=Clean`) and load again.",
                string.Empty, spec.Table.Name, []);
        }
    }

    private async Task RecordBatchAsync(RawBatchResult result, DateTime started, CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync(
            string.Create(CultureInfo.InvariantCulture,
            $"""
            INSERT INTO {Quote(RawControlTables.Batches(options.Schema))}
                (batch_id, table_name, source, content_hash, status, rows_read, rows_loaded, rows_rejected, started_at, finished_at, notes)
            VALUES ({result.BatchId}, {Literal(result.Table)}, {Literal(result.Source)}, {Literal(result.ContentHash)},
                    {Literal(result.Status.ToString().ToLowerInvariant())}, {result.RowsRead}, {result.RowsLoaded}, {result.RowsRejected},
                    {TimestampLiteral(started)}, {TimestampLiteral(DateTime.UtcNow)}, {(result.Notes.Count == 0 ? "NULL" : Literal(string.Join("; ", result.Notes)))})
            """),
            cancellationToken);

    private async Task RecordRejectsAsync(long batchId, string table, string source, List<RawReject> rejects, CancellationToken cancellationToken)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        await warehouse.BulkInsertAsync(
            RawControlTables.Rejects(options.Schema),
            ["batch_id", "table_name", "source", "source_row", "source_line", "column_name", "reason", "raw_text"],
            rejects.Select(r => new object?[] { batchId, table, source, r.SourceRow, r.SourceLine, r.Column, r.Reason, r.RawText }),
            cancellationToken);
    }
}
