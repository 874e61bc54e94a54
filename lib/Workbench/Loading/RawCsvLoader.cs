using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// Loads CSV files into the raw zone, typed by each table's contract, with lineage columns (<c>_batch_id</c>,
/// <c>_source</c>, <c>_source_row</c>, <c>_ingested_at</c>). One file is one batch, written in one transaction and
/// recorded in <c>_batches</c> with its content hash; loading the same content again is skipped. A row that cannot be
/// typed (wrong field count, a value that does not parse, a missing required value, a value in a column the contract does
/// not have under <see cref="SchemaMode.DiscardRow"/>) goes to <c>_rejects</c> with its line, column, reason and raw text.
/// Without contracts every field is loaded as text.
/// </summary>
public sealed class RawCsvLoader
{
    /// <summary>The lineage columns every raw table starts with.</summary>
    public static readonly IReadOnlyList<string> LineageColumns = ["_batch_id", "_source", "_source_row", "_ingested_at"];

    private readonly Warehouse.Warehouse _warehouse;
    private readonly RawLoadOptions _options;
    private readonly IReadOnlyList<DataContract>? _contracts;

    /// <param name="contracts">The contracts raw tables are typed by; null loads every table untyped (all text).</param>
    public RawCsvLoader(Warehouse.Warehouse warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _warehouse = warehouse;
        _options = options;
        _contracts = contracts;
    }

    /// <summary>The spec of raw table <paramref name="table"/>: from its contract, or untyped when the loader has no contracts.</summary>
    public RawTableSpec SpecFor(string table)
    {
        var name = new TableName(_options.Schema, table);
        if (_contracts is null)
        {
            return RawTableSpec.Untyped(name);
        }

        return RawTableSpec.Find(_contracts, name, _warehouse.Engine)
            ?? throw new RawLoadException(
                $"No contract describes raw table {name}. Add one under contracts/{_options.Schema}/ (draft it with `workbench contract import {name}` after an untyped load), " +
                $"or load without contracts. Contracted tables: {string.Join(", ", _contracts.SelectMany(c => c.Schema).Select(t => ContractDdl.TableNameOf(t, _options.Schema).ToString()).Where(t => t.StartsWith(_options.Schema + ".", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))}.",
                string.Empty, table, []);
    }

    /// <summary>
    /// Loads every file matching <paramref name="pattern"/> (a file name or a simple glob such as <c>orders/*.csv</c>) in name order,
    /// or only those <paramref name="include"/> accepts (it gets the file name).
    /// </summary>
    public Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(
        string table, string pattern, Func<string, bool>? include = null, CancellationToken cancellationToken = default) =>
        LoadFilesAsync(SpecFor(table), pattern, CsvSourceFormat.Default, include, cancellationToken);

    /// <inheritdoc cref="LoadFilesAsync(string, string, Func{string, bool}?, CancellationToken)"/>
    public async Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(
        RawTableSpec spec, string pattern, CsvSourceFormat format, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var directory = Path.GetFullPath(Path.Combine(_options.SourceRoot, Path.GetDirectoryName(pattern) ?? string.Empty));
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, Path.GetFileName(pattern)).Order(StringComparer.Ordinal).ToList()
            : [];
        var matched = files.Count;
        files = files.Where(f => include?.Invoke(Path.GetFileName(f)) ?? true).ToList();
        if (matched > 0 && files.Count == 0)
        {
            return [];
        }

        if (files.Count == 0)
        {
            throw new FileNotFoundException(
                $"No file matches '{pattern}' under '{_options.SourceRoot}'. Check the path, or generate the sample data with `workbench data generate`.",
                pattern);
        }

        var results = new List<RawBatchResult>();
        foreach (var file in files)
        {
            results.Add(await LoadFileAsync(spec, file, format, cancellationToken));
        }

        return results;
    }

    /// <summary>Loads one CSV file as one batch into raw table <paramref name="table"/>.</summary>
    public Task<RawBatchResult> LoadFileAsync(string table, string path, CancellationToken cancellationToken = default) =>
        LoadFileAsync(SpecFor(table), path, CsvSourceFormat.Default, cancellationToken);

    /// <summary>Loads one CSV file as one batch into the table <paramref name="spec"/> describes.</summary>
    public async Task<RawBatchResult> LoadFileAsync(RawTableSpec spec, string path, CsvSourceFormat? format = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        format ??= CsvSourceFormat.Default;
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path, _options.SourceRoot);
        var source = Path.GetRelativePath(_options.SourceRoot, fullPath).Replace('\\', '/');
        var table = spec.Table.Name;
        var target = spec.Table;
        var hash = await HashAsync(fullPath, cancellationToken);

        await RawControlTables.EnsureAsync(_warehouse, _options.Schema, cancellationToken);
        await using var transaction = await _warehouse.BeginTransactionAsync(cancellationToken);
        var batchId = 1 + await _warehouse.ScalarAsync<long>(
            $"SELECT COALESCE(MAX(batch_id), 0) FROM {Quote(RawControlTables.Batches(_options.Schema))}", cancellationToken);

        var alreadyLoaded = await _warehouse.ScalarAsync<long>(
            $"""
            SELECT COUNT(*) FROM {Quote(RawControlTables.Batches(_options.Schema))}
            WHERE table_name = {Literal(table)} AND content_hash = {Literal(hash)} AND status = 'loaded'
            """,
            cancellationToken) > 0;
        if (alreadyLoaded && !_options.FullRefresh)
        {
            var skipped = new RawBatchResult(batchId, table, source, hash, RawBatchStatus.Skipped, 0, 0, 0, clock.Elapsed);
            await RecordBatchAsync(skipped, started, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return skipped;
        }

        await using var parser = CsvReader.FromFile(fullPath, new CsvReaderOptions
        {
            HasHeader = format.HasHeader,
            Separator = format.Delimiter,
            Quote = format.Quote,
            Escape = format.Quote,
            AllowLineBreaksInQuotes = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            TrimWhitespace = false,
        });
        var header = format.HasHeader ? await ReadHeaderAsync(parser, source, cancellationToken) : [.. spec.Columns.Select(c => c.Name)];
        if (header.Count == 0)
        {
            throw new RawLoadException($"{source}: a file without a header line can only be loaded into a table with a contract (its columns give the field order).", source, table, []);
        }

        var plan = CsvColumnPlan.Create(spec, header, source);
        var notes = await EnsureTableAsync(spec, plan, cancellationToken);
        if (_options.FullRefresh)
        {
            await _warehouse.ExecuteAsync($"DELETE FROM {Quote(target)} WHERE _source = {Literal(source)}", cancellationToken);
        }

        var rejects = new List<RawReject>();
        long rowsRead = 0;
        var ingestedAt = DateTime.SpecifyKind(started, DateTimeKind.Unspecified);
        var written = plan.WrittenColumns;
        IEnumerable<object?[]> Rows()
        {
            while (parser.Read())
            {
                rowsRead++;
                var fieldCount = parser.FieldCount;
                if (fieldCount != header.Count)
                {
                    rejects.Add(Reject(parser, rowsRead, null,
                        $"expected {header.Count} fields{(format.HasHeader ? " as in the header" : $" (the contract's columns: {string.Join(", ", header)})")}, found {fieldCount}"));
                    continue;
                }

                var row = new object?[LineageColumns.Count + written.Count];
                row[0] = batchId;
                row[1] = source;
                row[2] = rowsRead;
                row[3] = ingestedAt;
                var at = LineageColumns.Count;
                string? failedColumn = null;
                List<string>? reasons = null;
                for (var i = 0; i < fieldCount; i++)
                {
                    var text = parser.GetString(i);
                    if (plan.Parsers[i] is { } valueParser)
                    {
                        if (!valueParser.TryParse(text, out var value, out var reason))
                        {
                            failedColumn ??= header[i];
                            (reasons ??= []).Add($"{header[i]}: {reason}");
                        }

                        row[at++] = value;
                    }
                    else if (plan.Targets[i] is not null)
                    {
                        row[at++] = text.Length == 0 ? null : text;
                    }
                    else if (spec.Mode == SchemaMode.DiscardRow && text.Length > 0)
                    {
                        failedColumn ??= header[i];
                        (reasons ??= []).Add($"{header[i]}: has a value, but the contract has no such column (schema mode discard_row)");
                    }
                }

                if (reasons is not null)
                {
                    rejects.Add(Reject(parser, rowsRead, failedColumn, string.Join("; ", reasons)));
                    continue;
                }

                yield return row;
            }
        }

        var loaded = await _warehouse.BulkInsertAsync(target, [.. LineageColumns, .. written], Rows(), cancellationToken);
        var inTable = await _warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {Quote(target)} WHERE _batch_id = {batchId}", cancellationToken);
        var result = new RawBatchResult(batchId, table, source, hash, RawBatchStatus.Loaded, rowsRead, loaded, rejects.Count, clock.Elapsed) { Notes = notes };
        if (result.RowsRead != result.RowsLoaded + result.RowsRejected || inTable != loaded)
        {
            throw new RawLoadException(
                $"{source}: read {rowsRead} rows, loaded {loaded} ({inTable} in {target}) and rejected {rejects.Count}; the counts must reconcile. Nothing was loaded.",
                source, table, rejects);
        }

        if (rowsRead > 0 && (double)rejects.Count / rowsRead > _options.MaxRejectedFraction)
        {
            var sample = string.Join(Environment.NewLine, rejects.Take(5).Select(r => $"  line {r.SourceLine}{(r.Column is null ? string.Empty : $", column {r.Column}")}: {r.Reason}: {r.RawText}"));
            throw new RawLoadException(
                $"{source}: {rejects.Count} of {rowsRead} rows were rejected, more than the allowed {_options.MaxRejectedFraction:P0}. " +
                $"Nothing was loaded. First rejects:{Environment.NewLine}{sample}{Environment.NewLine}" +
                "Fix the file, or raise MaxRejectedFraction if these rows are expected.",
                source, table, rejects);
        }

        await RecordRejectsAsync(batchId, table, source, rejects, cancellationToken);
        await RecordBatchAsync(result, started, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static RawReject Reject(CsvReader parser, long row, string? column, string reason) =>
        new(row, parser.LineNumber, Encoding.UTF8.GetString(parser.RawRecord).TrimEnd('\r', '\n'), column, reason);

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvReader parser, string source, CancellationToken cancellationToken)
    {
        await parser.ReadHeaderAsync(cancellationToken);
        if (parser.Headers is not { Count: > 0 } header || header.All(string.IsNullOrWhiteSpace))
        {
            throw new RawLoadException($"{source}: the file is empty; a raw CSV needs a header line naming its columns.", source, string.Empty, []);
        }

        var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        var problems = names
            .Select((name, i) => (name, column: i + 1))
            .Where(h => h.name.Length == 0 || h.name.StartsWith('_'))
            .Select(h => $"column {h.column} is {(h.name.Length == 0 ? "unnamed" : $"named '{h.name}', but names starting with '_' are reserved for lineage")}")
            .Concat(names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' appears {g.Count()} times"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new RawLoadException($"{source}:1: the header is not usable: {string.Join("; ", problems)}. Rename the columns in the file's first line.", source, string.Empty, []);
        }

        return names;
    }

    /// <summary>
    /// Creates the raw table on first sight: lineage columns, then the contract's columns with their types (required ones
    /// NOT NULL), or the header's as text when untyped. Later, columns the contract gained, and new columns under
    /// <see cref="SchemaMode.Evolve"/>, are added. Returns what changed, for the batch's notes.
    /// </summary>
    private async Task<IReadOnlyList<string>> EnsureTableAsync(RawTableSpec spec, CsvColumnPlan plan, CancellationToken cancellationToken)
    {
        var table = spec.Table;
        var existing = await _warehouse.GetColumnsAsync(table, cancellationToken);
        var text = _warehouse.TextType;
        var evolved = plan.ExtraFields.Where(i => plan.Targets[i] is not null).Select(i => plan.Header[i]).ToList();
        var notes = evolved.Select(c => $"column '{c}' is not in the contract: loaded as text (schema mode evolve); add it to the contract").ToList();
        if (spec.Mode == SchemaMode.DiscardValue && plan.ExtraFields.Count > 0)
        {
            notes.Add($"values of column(s) {string.Join(", ", plan.ExtraFields.Select(i => $"'{plan.Header[i]}'"))} were dropped: not in the contract (schema mode discard_value)");
        }

        if (plan.MissingColumns.Count > 0)
        {
            notes.Add($"the file has no column(s) {string.Join(", ", plan.MissingColumns.Select(c => $"'{c}'"))}: loaded as NULL");
        }

        var wanted = (spec.IsTyped ? spec.Columns.Select(c => (c.Name, Type: c.SqlType, c.Required)) : plan.Header.Select(h => (Name: h, Type: text, Required: false)))
            .Concat(evolved.Select(c => (Name: c, Type: text, Required: false)))
            .ToList();
        if (existing.Count == 0)
        {
            await _warehouse.CreateSchemaAsync(table.Schema, cancellationToken);
            var columns = new[] { "_batch_id BIGINT NOT NULL", $"_source {text} NOT NULL", "_source_row BIGINT NOT NULL", "_ingested_at TIMESTAMP NOT NULL" }
                .Concat(wanted.Select(c => $"{Quote(c.Name)} {c.Type}{(c.Required ? " NOT NULL" : string.Empty)}"));
            await _warehouse.ExecuteAsync($"CREATE TABLE {Quote(table)} ({string.Join(", ", columns)})", cancellationToken);
            return notes;
        }

        if (spec.IsTyped)
        {
            await CheckExistingTypesAsync(spec, cancellationToken);
        }

        foreach (var column in wanted.Where(c => !existing.Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
        {
            // Rows loaded before have no value for a column added now, so it cannot be NOT NULL.
            await _warehouse.ExecuteAsync($"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column.Name)} {column.Type}", cancellationToken);
            notes.Add($"added column '{column.Name}' {column.Type} to {table}");
        }

        return notes;
    }

    /// <summary>A table created before its contract typed it (or under another type) cannot take typed rows: say how to rebuild it.</summary>
    private async Task CheckExistingTypesAsync(RawTableSpec spec, CancellationToken cancellationToken)
    {
        var live = await _warehouse.QueryAsync(
            $"""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE lower(table_schema) = lower({Literal(spec.Table.Schema)}) AND lower(table_name) = lower({Literal(spec.Table.Name)})
            """,
            cancellationToken: cancellationToken);
        var types = live.Rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.OrdinalIgnoreCase);
        var wrong = spec.Columns
            .Where(c => types.TryGetValue(c.Name, out var type) && ContractConformance.FamilyOf(type) is { } family && family != c.Type
                && !(c.Type == LogicalType.Number && family == LogicalType.Integer))
            .Select(c => $"{c.Name} is {types[c.Name]} but the contract says {c.Type.ToString().ToLowerInvariant()}")
            .ToList();
        if (wrong.Count > 0)
        {
            throw new RawLoadException(
                $"{spec.Table} was created with other types than {spec.ContractFile} gives: {string.Join("; ", wrong)}. Nothing was loaded. " +
                $"Raw tables can be rebuilt from their files: drop the table (DROP TABLE {spec.Table}; or delete the warehouse file, e.g. `dotnet cake --target=Clean`) and load again.",
                string.Empty, spec.Table.Name, []);
        }
    }

    private async Task RecordBatchAsync(RawBatchResult result, DateTime started, CancellationToken cancellationToken) =>
        await _warehouse.ExecuteAsync(
            string.Create(CultureInfo.InvariantCulture,
            $"""
            INSERT INTO {Quote(RawControlTables.Batches(_options.Schema))}
                (batch_id, table_name, source, content_hash, status, rows_read, rows_loaded, rows_rejected, started_at, finished_at, notes)
            VALUES ({result.BatchId}, {Literal(result.Table)}, {Literal(result.Source)}, {Literal(result.ContentHash)},
                    {Literal(result.Status.ToString().ToLowerInvariant())}, {result.RowsRead}, {result.RowsLoaded}, {result.RowsRejected},
                    {Timestamp(started)}, {Timestamp(DateTime.UtcNow)}, {(result.Notes.Count == 0 ? "NULL" : Literal(string.Join("; ", result.Notes)))})
            """),
            cancellationToken);

    private async Task RecordRejectsAsync(long batchId, string table, string source, List<RawReject> rejects, CancellationToken cancellationToken)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        await _warehouse.BulkInsertAsync(
            RawControlTables.Rejects(_options.Schema),
            ["batch_id", "table_name", "source", "source_row", "source_line", "column_name", "reason", "raw_text"],
            rejects.Select(r => new object?[] { batchId, table, source, r.SourceRow, r.SourceLine, r.Column, r.Reason, r.RawText }),
            cancellationToken);
    }

    private static string Timestamp(DateTime value) =>
        "TIMESTAMP '" + value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The source file '{path}' does not exist.", path);
        }

        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
