using System.Globalization;
using System.Text;
using Workbench.Loading;
using Workbench.Loading.Sources;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Warehouse;

/// <summary>
/// Writes a CSV batch into DuckDB with DuckDB's own parallel CSV reader, typed by the contract's column types, instead of
/// streaming rows through .NET: the raw layer's rules at close to the speed of <c>CREATE TABLE AS SELECT * FROM read_csv</c>.
/// Rows the reader cannot type come back from its rejects table and get the same reasons the streaming path gives;
/// source row numbers are restored around them, and required text values that are empty are moved to the rejects.
/// </summary>
internal sealed class DuckDbCsvIngest : INativeCsvIngest
{
    public static DuckDbCsvIngest Instance { get; } = new();

    private DuckDbCsvIngest()
    {
    }

    /// <summary>Whether this path applies: a UTF-8 file (DuckDB's own decoders report no byte offsets that match the file),
    /// and no schema mode that needs a row-by-row decision.</summary>
    public bool Applies(IngestContext context, CsvSourceFormat format) =>
        format.Encoding.IsUtf8 && !(context.Spec.Mode == SchemaMode.DiscardRow && context.Plan.ExtraFields.Count > 0);

    /// <summary>
    /// Writes the batch into a new staging table now (each statement commits on its own, so DuckDB's fast path applies)
    /// and returns how the batch's transaction swaps it in: if the batch got the id staged for, and the target table is
    /// new, the empty table the batch created is dropped and the staged one renamed into place. Otherwise the rows are
    /// written again the usual way. The staged table is dropped however the batch ends.
    /// </summary>
    public async Task<PreparedIngest> StageAsync(WarehouseConnection warehouse, IngestContext context, string path, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        var target = context.Spec.Table;
        var stage = new TableName(target.Schema, $"{Loading.RawControlTables.StagePrefix}{target.Name}_{context.BatchId.ToString(CultureInfo.InvariantCulture)}");
        async Task DropStage() => await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Quote(stage)}", CancellationToken.None);
        await warehouse.CreateSchemaAsync(target.Schema, cancellationToken);

        // A load killed while staging leaves its staging table behind; nothing refers to it, so the next load drops it.
        foreach (var leftover in await warehouse.ListTablesAsync(target.Schema, $"{Loading.RawControlTables.StagePrefix}{target.Name}_", cancellationToken))
        {
            await warehouse.DropAsync(leftover, CatalogObjectKind.Table, cancellationToken: cancellationToken);
        }

        IngestResult staged;
        try
        {
            var progress = context.Progress is { } report ? new RenamedProgress(report, target.ToString()) : null;
            staged = await WriteAsync(warehouse, context with { Spec = context.Spec with { Table = stage }, Progress = progress }, path, format, create: true, cancellationToken);
        }
        catch
        {
            await DropStage();
            throw;
        }

        return new PreparedIngest(
            async (batch, records, ct) =>
            {
                // No one created the table meanwhile: the staged table becomes it (under the batch's id, if another load took
                // the one it was staged with). Otherwise the rows are written again the usual way.
                if (await warehouse.DescribeAsync(target, ct) is null)
                {
                    if (batch.BatchId != context.BatchId)
                    {
                        await warehouse.ExecuteAsync($"UPDATE {Quote(stage)} SET _batch_id = {batch.BatchId.ToString(CultureInfo.InvariantCulture)}", ct);
                    }

                    await warehouse.SwapAsync(stage, CatalogObjectKind.Table, target, null, ct);
                    return staged;
                }

                return await IngestAsync(warehouse, batch, path, format, ct);
            },
            DropStage,
            CreatesTable: true);
    }

    /// <summary>Reports a staged batch's progress under the table it is for, not the staging table's name.</summary>
    private sealed class RenamedProgress(IProgress<RawLoadProgress> inner, string table) : IProgress<RawLoadProgress>
    {
        public void Report(RawLoadProgress value) => inner.Report(value with { Table = table });
    }

    public Task<IngestResult> IngestAsync(WarehouseConnection warehouse, IngestContext context, string path, CsvSourceFormat format, CancellationToken cancellationToken) =>
        WriteAsync(warehouse, context, path, format, create: false, cancellationToken);

    /// <param name="create">Create the table from the reader's rows (CREATE TABLE AS, DuckDB's fastest write; NOT NULL set after)
    /// instead of inserting into the existing one.</param>
    private static async Task<IngestResult> WriteAsync(WarehouseConnection warehouse, IngestContext context, string path, CsvSourceFormat format, bool create, CancellationToken cancellationToken)
    {
        var (spec, plan) = (context.Spec, context.Plan);
        var started = DateTime.UtcNow;
        var suffix = context.BatchId.ToString(CultureInfo.InvariantCulture);
        var (rejectsTable, scansTable) = ($"wb_csv_rejects_{suffix}", $"wb_csv_scans_{suffix}");
        var text = new bool[plan.Header.Count];
        var columns = new List<string>();
        var forceNotNull = new List<string>();
        for (var i = 0; i < plan.Header.Count; i++)
        {
            var parser = plan.Parsers[i];
            text[i] = parser is null || parser.Column.IsText;
            columns.Add($"{Literal(plan.Header[i])}: {Literal(parser?.Column.SqlType ?? "VARCHAR")}");
            if (parser?.Column.Required == true)
            {
                forceNotNull.Add(Literal(plan.Header[i]));
            }
        }

        var written = Enumerable.Range(0, plan.Header.Count).Where(i => plan.Targets[i] is not null).ToList();
        var options = new List<string>
        {
            $"header = {(format.HasHeader ? "true" : "false")}",
            $"delim = {Literal(format.Delimiter.ToString())}",
            $"quote = {Literal(format.Quote.ToString())}",
            $"escape = {Literal(format.Quote.ToString())}",
            "auto_detect = false",
            $"columns = {{{string.Join(", ", columns)}}}",
            "store_rejects = true",
            $"rejects_table = {Literal(rejectsTable)}",
            $"rejects_scan = {Literal(scansTable)}",
            $"max_line_size = {(format.MaxLineBytes + 1).ToString(CultureInfo.InvariantCulture)}", // DuckDB's limit is exclusive
        };
        if (format.MaxLineBytes > TextRules.DefaultMaxLineBytes)
        {
            // The reader's buffer must hold the longest line; by default it holds 16 of the default's.
            options.Add($"buffer_size = {Math.Max(32_000_000, format.MaxLineBytes * 2).ToString(CultureInfo.InvariantCulture)}");
        }
        if (forceNotNull.Count > 0)
        {
            options.Add($"force_not_null = [{string.Join(", ", forceNotNull)}]");
        }

        var target = Quote(spec.Table);
        var read = $"read_csv({Literal(path)}, {string.Join(", ", options)})";
        var insert = create ? CreateTableAs(context, target, read, warehouse.Dialect.TextType) : $"""
            INSERT INTO {target} ({string.Join(", ", RawFileLoader.LineageColumns.Concat(written.Select(i => plan.Targets[i]!)).Select(Quote))})
            SELECT {context.BatchId}, 0, {string.Join(", ", written.Select(i => Quote(plan.Header[i])))}
            FROM {read}
            """;
        long inserted;
        IngestResult result;
        try
        {
            // Row numbers: WITH ORDINALITY would make the reader single-threaded. With insertion order preserved (DuckDB's
            // default, set here to be sure) the batch's rows land contiguously in file order, so their row ids number them.
            var trace = new LoadTrace();
            await warehouse.ExecuteAsync("SET preserve_insertion_order = true", cancellationToken);
            inserted = await warehouse.ExecuteAsync(insert, cancellationToken);
            trace.Mark("duckdb: write from read_csv");
            // A table created from the reader numbers its rows from 0 in file order; rows added to a table follow its last.
            var span = create
                ? await warehouse.QueryAsync($"SELECT 0, COUNT(*) - 1 FROM {target}", cancellationToken: cancellationToken)
                : await warehouse.QueryAsync($"SELECT MIN(rowid), MAX(rowid) FROM {target} WHERE _batch_id = {context.BatchId}", cancellationToken: cancellationToken);
            var first = span.Rows[0][0] is null ? 0 : Convert.ToInt64(span.Rows[0][0], CultureInfo.InvariantCulture);
            var last = span.Rows[0][1] is null ? -1 : Convert.ToInt64(span.Rows[0][1], CultureInfo.InvariantCulture);
            inserted = create ? last + 1 : inserted;
            if (last - first + 1 != inserted)
            {
                throw new InvalidOperationException(
                    $"DuckDB stored the {inserted} rows of {context.Source} non-contiguously (row ids {first}..{last}), so their source row numbers cannot be restored. " +
                    "Load this file with UseNativeReader = false, and report the DuckDB version.");
            }

            var readerRejects = await ReaderRejectsAsync(warehouse, rejectsTable, context, path, format, cancellationToken);
            trace.Mark("duckdb: reader rejects");
            await NumberRowsAsync(warehouse, context, first, readerRejects, cancellationToken);
            trace.Mark("duckdb: number rows");

            var moved = await MoveBrokenTextAsync(warehouse, context, path, text, format, cancellationToken);
            trace.Mark("duckdb: text rules");
            var rejects = readerRejects.Concat(moved).OrderBy(r => r.SourceRow).ToList();
            context.Progress?.Report(new RawLoadProgress(spec.Table.ToString(), context.Source, inserted + readerRejects.Count, 1, DateTime.UtcNow - started));
            result = new IngestResult(inserted + readerRejects.Count, inserted - moved.Count, rejects);
        }
        catch
        {
            // The reader's tables go with the failed transaction, or are dropped by the next load; a cleanup that fails on
            // an aborted transaction must not hide why the load failed.
            try
            {
                await DropReaderTablesAsync();
            }
            catch (Workbench.Errors.WarehouseException)
            {
            }

            throw;
        }

        await DropReaderTablesAsync();
        return result;

        async Task DropReaderTablesAsync() =>
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Quote(rejectsTable)}; DROP TABLE IF EXISTS {Quote(scansTable)}", CancellationToken.None);
    }

    /// <summary>
    /// A new table written straight from the reader, its columns in the order and types a raw table has (lineage, the
    /// contract's, evolved ones), then NOT NULL on the lineage and required columns (each a cheap check of one column).
    /// </summary>
    private static string CreateTableAs(IngestContext context, string target, string read, string textType)
    {
        var plan = context.Plan;
        var fields = Enumerable.Range(0, plan.Header.Count).Where(i => plan.Targets[i] is not null).ToDictionary(i => plan.Targets[i]!, i => plan.Header[i], StringComparer.OrdinalIgnoreCase);
        var columns = RawBatchLoader.Columns(context.Spec, plan, textType);
        // The reader already types each field as its column (read_csv's columns), so fields are selected as they are.
        var select = string.Join(", ", columns.Select(c => fields.TryGetValue(c.Name, out var field)
            ? (string.Equals(field, c.Name, StringComparison.Ordinal) ? Quote(field) : $"{Quote(field)} AS {Quote(c.Name)}")
            : $"CAST(NULL AS {c.Type}) AS {Quote(c.Name)}"));
        var notNull = RawFileLoader.LineageColumns.Concat(columns.Where(c => c.Required).Select(c => c.Name))
            .Select(c => $"ALTER TABLE {target} ALTER COLUMN {Quote(c)} SET NOT NULL;");
        return $"""
            CREATE TABLE {target} AS
            SELECT CAST({context.BatchId.ToString(CultureInfo.InvariantCulture)} AS BIGINT) AS _batch_id, CAST(0 AS BIGINT) AS _source_row, {select}
            FROM {read};
            {string.Join("\n", notNull)}
            """;
    }

    /// <summary>
    /// The reader's rejects, one per record, each read again from the file the way streaming reads it and typed by the
    /// same rules, so a reject has the same reason, line and raw text on both paths. A record the streaming rules would
    /// accept (DuckDB is stricter about stray quotes) keeps DuckDB's reason.
    /// </summary>
    private static async Task<List<RawReject>> ReaderRejectsAsync(WarehouseConnection warehouse, string table, IngestContext context, string path, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        var headerLines = format.HasHeader ? 1 : 0;
        var rows = await warehouse.QueryAsync(
            $"SELECT line, line_byte_position, column_name, error_type, error_message, csv_line FROM {Quote(table)} ORDER BY line, column_idx",
            cancellationToken: cancellationToken);
        var records = rows.Rows.GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        if (records.Count == 0)
        {
            return [];
        }

        var typer = new RecordTyper(context);
        var columns = format.HasHeader ? context.Plan.Header : [];
        var rejects = new List<RawReject>(records.Count);
        using var again = new CsvRecordRereader(path, format, columns);
        foreach (var record in records)
        {
            var sourceRow = record.Key - headerLines;
            var first = record.First();
            var source = again.At(Convert.ToInt64(first[1], CultureInfo.InvariantCulture), sourceRow);
            var reject = source is null ? null : typer.TryFill(source, sourceRow);
            rejects.Add(reject ?? new RawReject(sourceRow, source?.Line ?? record.Key, TextRules.Bound(source?.RawText() ?? ((string)first[5]!).TrimEnd('\r', '\n')),
                first[2] as string,
                string.Join("; ", record.Select(e => $"{e[2]}: {((string)e[3]!).ToLowerInvariant()}: {e[4]}"))));
        }

        return rejects;
    }

    /// <summary>
    /// Sets each kept row's source row number: its position among the kept rows (from its row id), moved up past the
    /// rows the reader rejected before it. Reject i (1-based, in order) at source row r has r - i kept rows before it, so
    /// the kept row at position k moves up by the number of rejects with r - i &lt; k.
    /// </summary>
    private static async Task NumberRowsAsync(WarehouseConnection warehouse, IngestContext context, long firstRowId, List<RawReject> rejects, CancellationToken cancellationToken)
    {
        var target = Quote(context.Spec.Table);
        var position = $"(rowid - {firstRowId} + 1)";
        var shift = "0";
        if (rejects.Count > 0)
        {
            var gaps = rejects.Select(r => r.SourceRow).Order().Select((row, i) => (row - (i + 1)).ToString(CultureInfo.InvariantCulture));
            shift = $"(SELECT COUNT(*) FROM (SELECT unnest([{string.Join(", ", gaps)}]) AS gap) AS g WHERE g.gap < {position})";
        }

        await warehouse.ExecuteAsync($"UPDATE {target} SET _source_row = {position} + {shift} WHERE _batch_id = {context.BatchId}", cancellationToken);
    }

    /// <summary>
    /// Rows DuckDB's reader accepted that streaming would reject for their text: a required text value that is empty
    /// (required text columns are read with empty fields kept as ''), or a text value with a NUL byte
    /// (<see cref="TextRules"/>). They are moved to the rejects, each read again from the file and typed by streaming's
    /// rules, so its reason, line and raw text are the ones streaming gives.
    /// </summary>
    private static async Task<List<RawReject>> MoveBrokenTextAsync(WarehouseConnection warehouse, IngestContext context, string path, bool[] text, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        var plan = context.Plan;
        var fields = Enumerable.Range(0, plan.Header.Count).Where(i => text[i] && plan.Targets[i] is not null).ToList();
        // Looking for a NUL byte in the file is a fraction of the cost of looking in every text column of the table.
        var conditions = (HasNul(path) ? fields.Select(i => $"strpos({Quote(plan.Targets[i]!)}, chr(0)) > 0") : [])
            .Concat(fields.Where(i => plan.Parsers[i]?.Column.Required == true).Select(i => $"{Quote(plan.Targets[i]!)} = ''"))
            .ToList();
        if (conditions.Count == 0)
        {
            return [];
        }

        var broken = $"_batch_id = {context.BatchId} AND ({string.Join(" OR ", conditions)})";
        var rows = await warehouse.QueryAsync($"SELECT _source_row FROM {Quote(context.Spec.Table)} WHERE {broken} ORDER BY _source_row", cancellationToken: cancellationToken);
        if (rows.RowCount == 0)
        {
            return [];
        }

        await warehouse.ExecuteAsync($"DELETE FROM {Quote(context.Spec.Table)} WHERE {broken}", cancellationToken);
        var typer = new RecordTyper(context);
        using var again = new CsvRecordRereader(path, format, format.HasHeader ? plan.Header : []);
        return rows.Rows.Select(r =>
        {
            var sourceRow = Convert.ToInt64(r[0], CultureInfo.InvariantCulture);
            var record = again.AtRow(sourceRow)
                ?? throw new InvalidOperationException($"{context.Source} has no record {sourceRow}, which DuckDB's reader read; load it with UseNativeReader = false, and report the DuckDB version.");
            return typer.TryFill(record, sourceRow)
                ?? throw new InvalidOperationException($"{context.Source}: record {sourceRow} breaks a text rule in DuckDB but not when read again; load it with UseNativeReader = false, and report the DuckDB version.");
        }).ToList();
    }

    /// <summary>Whether the file has a NUL byte anywhere.</summary>
    private static bool HasNul(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (buffer.AsSpan(0, read).Contains((byte)0))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
