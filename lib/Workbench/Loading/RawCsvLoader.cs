using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using Workbench.Errors;
using Workbench.Warehouse;
using static Workbench.Warehouse.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// Loads CSV files into the raw zone exactly as they came: every field as text, plus lineage columns
/// (<c>_batch_id</c>, <c>_source</c>, <c>_source_row</c>, <c>_ingested_at</c>). One file is one batch, written in
/// one transaction, recorded in <c>_batches</c> with its content hash; loading the same content again is skipped.
/// Rows with the wrong number of fields or broken quoting go to <c>_rejects</c> with their raw text and line.
/// </summary>
public sealed class RawCsvLoader
{
    /// <summary>The lineage columns every raw table starts with.</summary>
    public static readonly IReadOnlyList<string> LineageColumns = ["_batch_id", "_source", "_source_row", "_ingested_at"];

    private readonly Warehouse.Warehouse _warehouse;
    private readonly RawLoadOptions _options;

    public RawCsvLoader(Warehouse.Warehouse warehouse, RawLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _warehouse = warehouse;
        _options = options;
    }

    /// <summary>
    /// Loads every file matching <paramref name="pattern"/> (a file name or a simple glob such as <c>orders/*.csv</c>) in name order,
    /// or only those <paramref name="include"/> accepts (it gets the file name).
    /// </summary>
    public async Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(
        string table, string pattern, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
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
            results.Add(await LoadFileAsync(table, file, cancellationToken));
        }

        return results;
    }

    /// <summary>Loads one CSV file as one batch.</summary>
    public async Task<RawBatchResult> LoadFileAsync(string table, string path, CancellationToken cancellationToken = default)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path, _options.SourceRoot);
        var source = Path.GetRelativePath(_options.SourceRoot, fullPath).Replace('\\', '/');
        var target = new TableName(_options.Schema, table);
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
            HasHeader = true,
            AllowLineBreaksInQuotes = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            TrimWhitespace = false,
        });
        var header = await ReadHeaderAsync(parser, source, cancellationToken);
        await EnsureTableAsync(target, header, cancellationToken);
        if (_options.FullRefresh)
        {
            await _warehouse.ExecuteAsync($"DELETE FROM {Quote(target)} WHERE _source = {Literal(source)}", cancellationToken);
        }

        var rejects = new List<RawReject>();
        long rowsRead = 0;
        var ingestedAt = DateTime.SpecifyKind(started, DateTimeKind.Unspecified);
        IEnumerable<object?[]> Rows()
        {
            while (parser.Read())
            {
                rowsRead++;
                var fieldCount = parser.FieldCount;
                if (fieldCount != header.Count)
                {
                    rejects.Add(new RawReject(rowsRead, parser.LineNumber, Encoding.UTF8.GetString(parser.RawRecord).TrimEnd('\r', '\n'), null,
                        $"expected {header.Count} fields as in the header, found {fieldCount}"));
                    continue;
                }

                var row = new object?[LineageColumns.Count + header.Count];
                row[0] = batchId;
                row[1] = source;
                row[2] = rowsRead;
                row[3] = ingestedAt;
                for (var i = 0; i < fieldCount; i++)
                {
                    var field = parser.GetString(i);
                    row[LineageColumns.Count + i] = field.Length == 0 ? null : field;
                }

                yield return row;
            }
        }

        var loaded = await _warehouse.BulkInsertAsync(target, [.. LineageColumns, .. header], Rows(), cancellationToken);
        var result = new RawBatchResult(batchId, table, source, hash, RawBatchStatus.Loaded, rowsRead, loaded, rejects.Count, clock.Elapsed);
        if (result.RowsRead != result.RowsLoaded + result.RowsRejected)
        {
            throw new RawLoadException(
                $"{source}: read {rowsRead} rows but loaded {loaded} and rejected {rejects.Count}; the counts must reconcile. Nothing was loaded.",
                source, table, rejects);
        }

        if (rowsRead > 0 && (double)rejects.Count / rowsRead > _options.MaxRejectedFraction)
        {
            var sample = string.Join(Environment.NewLine, rejects.Take(5).Select(r => $"  line {r.SourceLine}: {r.Reason}: {r.RawText}"));
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

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvReader parser, string source, CancellationToken cancellationToken)
    {
        await parser.ReadHeaderAsync(cancellationToken);
        if (parser.Headers is not { Count: > 0 } header || header.All(string.IsNullOrWhiteSpace))
        {
            throw new RawLoadException($"{source}: the file is empty; a raw CSV needs a header line naming its columns.", source, string.Empty, []);
        }

        var names = header.Select(h => h.Trim()).ToList();
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

    /// <summary>Creates the raw table on first sight; a file with new columns adds them (raw keeps everything that arrives).</summary>
    private async Task EnsureTableAsync(TableName table, IReadOnlyList<string> header, CancellationToken cancellationToken)
    {
        var existing = await _warehouse.GetColumnsAsync(table, cancellationToken);
        var text = _warehouse.TextType;
        if (existing.Count == 0)
        {
            var columns = new[] { "_batch_id BIGINT NOT NULL", $"_source {text} NOT NULL", "_source_row BIGINT NOT NULL", "_ingested_at TIMESTAMP NOT NULL" }
                .Concat(header.Select(h => $"{Quote(h)} {text}"));
            await _warehouse.ExecuteAsync($"CREATE TABLE {Quote(table)} ({string.Join(", ", columns)})", cancellationToken);
            return;
        }

        foreach (var column in header.Where(h => !existing.Contains(h, StringComparer.OrdinalIgnoreCase)))
        {
            await _warehouse.ExecuteAsync($"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column)} {text}", cancellationToken);
        }
    }

    private async Task RecordBatchAsync(RawBatchResult result, DateTime started, CancellationToken cancellationToken) =>
        await _warehouse.ExecuteAsync(
            string.Create(CultureInfo.InvariantCulture,
            $"""
            INSERT INTO {Quote(RawControlTables.Batches(_options.Schema))}
            VALUES ({result.BatchId}, {Literal(result.Table)}, {Literal(result.Source)}, {Literal(result.ContentHash)},
                    {Literal(result.Status.ToString().ToLowerInvariant())}, {result.RowsRead}, {result.RowsLoaded}, {result.RowsRejected},
                    {Timestamp(started)}, {Timestamp(DateTime.UtcNow)})
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
