using System.Security.Cryptography;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading.Sources;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// What every file loader shares: finding a table's contract, matching files by glob, one batch per file keyed by the
/// file's content hash (so the same content is never loaded twice), and lineage that names the file relative to the
/// source root. Subclasses say how a file becomes records.
/// </summary>
public abstract class RawFileLoader
{
    /// <summary>
    /// The lineage columns every raw table starts with: the batch that loaded the row and its position in the source.
    /// The batch's file (or page, or extract), content key and load time are kept once, in <c>raw._batches</c>: a row's
    /// are one join away (<c>JOIN raw._batches b ON b.batch_id = t._batch_id</c>), as dlt keeps its loads in <c>_dlt_loads</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> LineageColumns = ["_batch_id", "_source_row"];

    /// <summary>The lineage columns raw tables had before Workbench 0.10 kept them in <c>raw._batches</c>; a load migrates them away.</summary>
    public static readonly IReadOnlyList<string> LegacyLineageColumns = ["_source", "_ingested_at"];

    private readonly IReadOnlyList<DataContract>? _contracts;

    /// <param name="contracts">The contracts raw tables are typed by; null loads every table untyped (all text).</param>
    protected RawFileLoader(WarehouseConnection warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Warehouse = warehouse;
        Options = options;
        _contracts = contracts;
        Batches = new RawBatchLoader(warehouse, options);
    }

    /// <summary>Receives progress of long batches (rows read, fraction of the file, rows per second) about once a second.</summary>
    public IProgress<RawLoadProgress>? Progress { get; init; }

    protected WarehouseConnection Warehouse { get; }

    protected RawLoadOptions Options { get; }

    private protected RawBatchLoader Batches { get; }

    /// <summary>The spec of raw table <paramref name="table"/>: from its contract, or untyped when the loader has no contracts.</summary>
    public RawTableSpec SpecFor(string table) => RawTableSpec.Resolve(_contracts, new TableName(Options.Schema, table), Warehouse.Dialect, Options);

    /// <summary>
    /// Loads every file matching <paramref name="pattern"/> (a file name or a simple glob such as <c>orders/*.csv</c>, relative to the
    /// source root) in name order, one batch per file, or only those <paramref name="include"/> accepts (it gets the file name).
    /// </summary>
    public Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(
        string table, string pattern, Func<string, bool>? include = null, CancellationToken cancellationToken = default) =>
        LoadFilesAsync(SpecFor(table), pattern, include, cancellationToken);

    /// <inheritdoc cref="LoadFilesAsync(string, string, Func{string, bool}?, CancellationToken)"/>
    public async Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(
        RawTableSpec spec, string pattern, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var directory = Path.GetFullPath(Path.Combine(Options.SourceRoot, Path.GetDirectoryName(pattern) ?? string.Empty));
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
                $"No file matches '{pattern}' under '{Options.SourceRoot}'. Check the path, or generate the sample data with `workbench data generate`.",
                pattern);
        }

        var results = new List<RawBatchResult>();
        foreach (var file in files)
        {
            results.Add(await LoadFileAsync(spec, file, cancellationToken));
        }

        return results;
    }

    /// <summary>Loads one file as one batch into raw table <paramref name="table"/>.</summary>
    public Task<RawBatchResult> LoadFileAsync(string table, string path, CancellationToken cancellationToken = default) =>
        LoadFileAsync(SpecFor(table), path, cancellationToken);

    /// <summary>Loads one file as one batch into the table <paramref name="spec"/> describes.</summary>
    public async Task<RawBatchResult> LoadFileAsync(RawTableSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fullPath = Path.GetFullPath(path, Options.SourceRoot);
        var source = Path.GetRelativePath(Options.SourceRoot, fullPath).Replace('\\', '/');
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The source file '{fullPath}' does not exist.", fullPath);
        }

        // Hashing reads the whole file; it runs beside the staging work (which only a table that does not exist yet gets,
        // so there is nothing the key could be a duplicate of until then).
        var trace = new LoadTrace();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hashing = Task.Run(() => HashAsync(fullPath, cancellationToken), cancellationToken);
        PreparedIngest? prepared;
        try
        {
            await RawControlTables.EnsureAsync(Warehouse, Options.Schema, cancellationToken); // the key and the staging read them
            trace.Mark("control tables");
            prepared = await PrepareAsync(spec, fullPath, source, cancellationToken);
        }
        catch (Exception e) when (Batches.IsInfrastructureFailure(e, cancellationToken))
        {
            throw Batches.InfrastructureFailure(e, spec.Table, source, 0);
        }
        finally
        {
            await ((Task)hashing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        trace.Mark("prepare and hash");
        var hash = await ContentKeyAsync(spec, fullPath, source, await hashing, cancellationToken);
        trace.Mark("content key");
        try
        {
            var result = await Batches.LoadAsync(spec, source, hash, ct => OpenAsync(fullPath, source, ct), Progress, prepared?.Ingest ?? IngestFor(spec, fullPath),
                createsTable: prepared?.CreatesTable ?? false, cancellationToken: cancellationToken);
            return result with { Duration = clock.Elapsed }; // hashing and staging included
        }
        finally
        {
            if (prepared is not null)
            {
                try
                {
                    await prepared.Cleanup();
                }
                catch (Exception e) when (Batches.IsInfrastructureFailure(e, CancellationToken.None))
                {
                    // The failure that matters is being reported; a staged table left behind is dropped by the next load.
                }
            }
        }
    }

    /// <summary>Work to do before the batch's transaction (e.g. staging rows with the engine's own reader); null for none.</summary>
    private protected virtual Task<PreparedIngest?> PrepareAsync(RawTableSpec spec, string path, string source, CancellationToken cancellationToken) =>
        Task.FromResult<PreparedIngest?>(null);

    /// <summary>Opens a file's records.</summary>
    /// <param name="source">The file as lineage names it (relative to the source root), for messages.</param>
    protected abstract Task<IRecordSource> OpenAsync(string path, string source, CancellationToken cancellationToken);

    /// <summary>A faster way to write this file's rows than streaming its records, when the engine has one; null streams.</summary>
    private protected virtual Func<IngestContext, IRecordSource, CancellationToken, Task<IngestResult>>? IngestFor(RawTableSpec spec, string path) => null;

    /// <summary>
    /// A SHA-256 of a file's content, which identifies it. SHA-256 runs in native code (the CPU's SHA instructions where
    /// there are any): in the short-lived process a load usually is, it is faster than a managed hash that is still
    /// being compiled (xxHash128 took 200 ms of a cold 54 MB load where SHA-256 takes 65 ms).
    /// </summary>
    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>
    /// The batch key of a file: its SHA-256. Batches recorded by Workbench 0.9 carry an xxHash128 (<c>xxh128:...</c>);
    /// when this file's source has one, that is compared too, so upgrading never loads the same content twice.
    /// </summary>
    private async Task<string> ContentKeyAsync(RawTableSpec spec, string path, string source, string key, CancellationToken cancellationToken)
    {
        var legacy = await Warehouse.QueryAsync(
            $"""
            SELECT content_hash FROM {Workbench.Warehouse.WarehouseConnection.Quote(RawControlTables.Batches(Options.Schema))}
            WHERE table_name = {Workbench.Warehouse.WarehouseConnection.Literal(spec.Table.Name)} AND source = {Workbench.Warehouse.WarehouseConnection.Literal(source)} AND status = 'loaded' AND content_hash LIKE 'xxh128:%'
            """,
            cancellationToken: cancellationToken);
        if (legacy.RowCount > 0)
        {
            var xxhash = new System.IO.Hashing.XxHash128();
            await using (var stream = File.OpenRead(path))
            {
                await xxhash.AppendAsync(stream, cancellationToken);
            }

            var old = "xxh128:" + Convert.ToHexStringLower(xxhash.GetCurrentHash());
            if (legacy.Column<string>("content_hash").Contains(old))
            {
                return old;
            }
        }

        return key;
    }
}
