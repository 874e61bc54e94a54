using System.Globalization;
using Workbench.Loading;
using Workbench.Project;

namespace Workbench.Application;

/// <summary>
/// Load the project's sources (workbench.yaml <c>sources:</c>) into the raw zone, typed by the raw contracts: one batch
/// per file, content loaded before skipped. Monthly sources' files dated after <see cref="RunDate"/>'s month have not
/// "arrived" and are left out.
/// </summary>
/// <param name="Tables">Only these raw tables (default: every source).</param>
/// <param name="RunDate">The run's logical date; null loads every file.</param>
/// <param name="SourcesFolder">Where the files are, instead of the project's sources folder (e.g. generated data at another scale).</param>
public sealed record LoadSources(IReadOnlyList<string>? Tables = null, DateOnly? RunDate = null, string? SourcesFolder = null, bool FullRefresh = false)
{
    public async Task<SourcesLoaded> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = session.Project;
        var unknown = (Tables ?? []).Where(t => !project.Settings.Sources.Any(s => string.Equals(s.Table, t, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"{string.Join(", ", unknown)}: not among the project's sources ({string.Join(", ", project.Settings.Sources.Select(s => s.Table).Distinct())}). Add it under sources: in {WorkbenchProject.FileName}.");
        }

        var contracts = session.Contracts("nothing was loaded");
        var warehouse = await session.ConnectAsync(cancellationToken);
        var options = new RawLoadOptions(SourcesFolder ?? project.Sources, FullRefresh) { Log = session.Log };
        var cutoff = RunDate?.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var progress = new ProgressLines(session.Log);
        var results = new List<RawBatchResult>();
        await using var run = await session.BeginRunAsync("load", new Dictionary<string, object?> { ["tables"] = Tables, ["run_date"] = RunDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["full_refresh"] = FullRefresh }, cancellationToken);
        foreach (var source in project.Settings.Sources.Where(s => Tables is null || Tables.Contains(s.Table, StringComparer.OrdinalIgnoreCase)))
        {
            RawFileLoader loader = source.Format == "json"
                ? new RawJsonLoader(warehouse, options, contracts) { Format = new JsonSourceFormat(source.RecordsPath), Progress = progress }
                : new RawCsvLoader(warehouse, options, contracts) { Format = source.Csv, Progress = progress };
            IReadOnlyList<RawBatchResult> batches;
            try
            {
                batches = await loader.LoadFilesAsync(source.Table, source.Files, file => !source.Monthly || Arrived(file, cutoff), cancellationToken);
            }
            catch (Errors.WorkbenchException e)
            {
                await run.NodeAsync(new History.NodeRecord($"load:{options.Schema}.{source.Table}", "load", "failed", null, TimeSpan.Zero, e.Message, source.Files), cancellationToken);
                throw;
            }

            foreach (var batch in batches)
            {
                session.Log(batch.Describe(options.Schema));
                results.Add(batch);
            }

            await run.NodesAsync(batches.Select(b => new History.NodeRecord($"load:{options.Schema}.{b.Table} <- {Path.GetFileName(b.Source)}", "load", b.Status.ToString().ToLowerInvariant(), b.RowsLoaded, b.Duration,
                b.RowsRejected > 0 ? string.Create(CultureInfo.InvariantCulture, $"{b.RowsRejected} row(s) rejected") : null, $"{b.Source} (batch {b.BatchId})")).ToList(), cancellationToken);
        }

        await run.FinishAsync(true, cancellationToken: cancellationToken);
        return new SourcesLoaded(results);
    }

    /// <summary>Whether a monthly file (<c>name_YYYY-MM.ext</c>) has arrived by the run date's month.</summary>
    private static bool Arrived(string file, string? cutoff)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var stamp = stem.Length >= 7 ? stem[^7..] : string.Empty;
        return cutoff is null || stamp.Length != 7 || stamp[4] != '-' || string.CompareOrdinal(stamp, cutoff) <= 0;
    }
}

/// <summary>What a load did: one result per batch (loaded or skipped), in load order.</summary>
public sealed record SourcesLoaded(IReadOnlyList<RawBatchResult> Batches)
{
    public long RowsLoaded => Batches.Sum(b => b.RowsLoaded);

    public long RowsRejected => Batches.Sum(b => b.RowsRejected);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Batches.Count} batch(es): {Batches.Count(b => b.Status == RawBatchStatus.Loaded)} loaded, {Batches.Count(b => b.Status == RawBatchStatus.Skipped)} skipped; {RowsLoaded:N0} rows loaded, {RowsRejected:N0} rejected{(RowsRejected > 0 ? " (see raw._rejects)" : string.Empty)}");
}
