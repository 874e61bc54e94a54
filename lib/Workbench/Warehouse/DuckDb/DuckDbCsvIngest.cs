using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Loading;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Warehouse;

/// <summary>
/// Writes a CSV batch into DuckDB with DuckDB's own parallel CSV reader, typed by the contract's column types, instead of
/// streaming rows through .NET: the raw layer's rules at close to the speed of <c>CREATE TABLE AS SELECT * FROM read_csv</c>.
/// Rows the reader cannot type come back from its rejects table and get the same reasons the streaming path gives;
/// source row numbers are restored around them, and required text values that are empty are moved to the rejects.
/// </summary>
internal sealed partial class DuckDbCsvIngest : INativeCsvIngest
{
    public static DuckDbCsvIngest Instance { get; } = new();

    private DuckDbCsvIngest()
    {
    }

    /// <summary>Whether this path applies: no schema mode that needs a row-by-row decision.</summary>
    public bool Applies(IngestContext context) =>
        !(context.Spec.Mode == SchemaMode.DiscardRow && context.Plan.ExtraFields.Count > 0);

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
        };
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

            var readerRejects = await ReaderRejectsAsync(warehouse, rejectsTable, context, format, cancellationToken);
            trace.Mark("duckdb: reader rejects");
            await NumberRowsAsync(warehouse, context, first, readerRejects, cancellationToken);
            trace.Mark("duckdb: number rows");

            var moved = await MoveEmptyRequiredTextAsync(warehouse, context, text, format, cancellationToken);
            trace.Mark("duckdb: empty required text");
            var rejects = readerRejects.Concat(moved).OrderBy(r => r.SourceRow).ToList();
            context.Progress?.Report(new RawLoadProgress(spec.Table.ToString(), context.Source, inserted + readerRejects.Count, 1, DateTime.UtcNow - started));
            return new IngestResult(inserted + readerRejects.Count, inserted - moved.Count, rejects);
        }
        finally
        {
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Quote(rejectsTable)}; DROP TABLE IF EXISTS {Quote(scansTable)}", CancellationToken.None);
        }
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

    /// <summary>The reader's rejects, one per record, with the reasons the streaming path would give.</summary>
    private static async Task<List<RawReject>> ReaderRejectsAsync(WarehouseConnection warehouse, string table, IngestContext context, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        var headerLines = format.HasHeader ? 1 : 0;
        var rows = await warehouse.QueryAsync(
            $"SELECT line, column_name, error_type, csv_line, error_message, column_idx FROM {Quote(table)} ORDER BY line, column_idx",
            cancellationToken: cancellationToken);
        var parsers = context.Plan.Parsers.Where(p => p is not null).ToDictionary(p => p!.Column.Name, p => p!, StringComparer.OrdinalIgnoreCase);
        return rows.Rows
            .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
            .Select(line =>
            {
                var csvLine = ((string)line.First()[3]!).TrimEnd('\r', '\n');
                var fields = Fields(csvLine, format);
                var errors = line.Select(r => (Column: r[1] as string, Type: (string)r[2]!, Message: (string)r[4]!,
                    Value: r[5] is { } index && Convert.ToInt32(index, CultureInfo.InvariantCulture) is var i && i >= 1 && i <= fields.Count ? fields[i - 1] : null)).ToList();
                var shape = errors.FirstOrDefault(e => e.Type is "MISSING COLUMNS" or "TOO MANY COLUMNS");
                string reason;
                string? column = null;
                if (shape.Type is not null)
                {
                    var counts = ColumnCounts().Match(shape.Message);
                    reason = counts.Success
                        ? $"expected {counts.Groups[1].Value} fields{(headerLines > 0 ? " as in the header" : string.Empty)}, found {counts.Groups[2].Value}"
                        : shape.Message;
                }
                else
                {
                    column = errors[0].Column;
                    reason = string.Join("; ", errors.Select(e => $"{e.Column}: {Reason(e.Column, e.Type, e.Message, e.Value, parsers)}"));
                }

                return new RawReject(line.Key - headerLines, line.Key, csvLine, column, reason);
            })
            .ToList();
    }

    /// <summary>The reason the streaming path gives for the value the reader could not convert (taken from the record itself:
    /// the reader's message cuts values at line breaks and leaves empty ones out).</summary>
    private static string Reason(string? column, string type, string message, string? value, Dictionary<string, ValueParser> parsers)
    {
        if (type == "CAST" && column is not null && parsers.TryGetValue(column, out var parser)
            && !parser.TryParse(value ?? string.Empty, out _, out var reason))
        {
            return reason!;
        }

        return $"{type.ToLowerInvariant()}: {message}";
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

    /// <summary>Required text columns are read with empty fields kept as ''; rows where one is empty lack a required value.</summary>
    private static async Task<List<RawReject>> MoveEmptyRequiredTextAsync(WarehouseConnection warehouse, IngestContext context, bool[] text, CsvSourceFormat format, CancellationToken cancellationToken)
    {
        var plan = context.Plan;
        var required = Enumerable.Range(0, plan.Header.Count).Where(i => text[i] && plan.Parsers[i]?.Column.Required == true).Select(i => plan.Targets[i]!).ToList();
        if (required.Count == 0)
        {
            return [];
        }

        var empty = string.Join(" OR ", required.Select(c => $"{Quote(c)} = ''"));
        var written = plan.Targets.OfType<string>().ToList();
        var rows = await warehouse.QueryAsync(
            $"SELECT _source_row, {string.Join(", ", written.Select(Quote))} FROM {Quote(context.Spec.Table)} WHERE _batch_id = {context.BatchId} AND ({empty})",
            cancellationToken: cancellationToken);
        if (rows.RowCount == 0)
        {
            return [];
        }

        await warehouse.ExecuteAsync($"DELETE FROM {Quote(context.Spec.Table)} WHERE _batch_id = {context.BatchId} AND ({empty})", cancellationToken);
        var headerLines = format.HasHeader ? 1 : 0;
        return rows.Rows.Select(r =>
        {
            var missing = required.Where(c => (r[1 + written.IndexOf(c)] as string) == string.Empty).ToList();
            var sourceRow = Convert.ToInt64(r[0], CultureInfo.InvariantCulture);
            return new RawReject(sourceRow, sourceRow + headerLines, Line(r.Skip(1), format.Delimiter), missing[0],
                string.Join("; ", missing.Select(c => $"{c}: missing required value")));
        }).ToList();
    }

    /// <summary>The fields of one CSV record, parsed as the file is written.</summary>
    private static List<string> Fields(string record, CsvSourceFormat format)
    {
        using var reader = CsvHelper.CsvReader.Create(Encoding.UTF8.GetBytes(record), format.ReaderOptions(hasHeader: false));
        return reader.Read() ? Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList() : [];
    }

    /// <summary>A rejected row's fields written back as a CSV line (the reader keeps no raw text for rows it accepted).</summary>
    private static string Line(IEnumerable<object?> values, char delimiter)
    {
        var line = new StringBuilder();
        foreach (var value in values)
        {
            if (line.Length > 0)
            {
                line.Append(delimiter);
            }

            var field = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            line.Append(field.Contains(delimiter, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) || field.Contains('\n', StringComparison.Ordinal)
                ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : field);
        }

        return line.ToString();
    }

    [GeneratedRegex(@"Expected Number of Columns: (\d+) Found: (\d+)")]
    private static partial Regex ColumnCounts();

}
