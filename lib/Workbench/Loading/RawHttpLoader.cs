using System.Globalization;
using Workbench.Contracts;
using Workbench.Loading.Http;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// Loads a paged JSON API into the raw zone in two steps: every response is first saved as a file under the bronze
/// folder (<c>bronze/TABLE/RUN/page-00001.json</c>), then each file is loaded as one batch with <see cref="RawJsonLoader"/>.
/// A page whose content was loaded before is skipped, so re-running a fetch that returns the same data adds nothing.
/// </summary>
public sealed class RawHttpLoader(WarehouseConnection warehouse, RawLoadOptions options, HttpClient http, IReadOnlyList<DataContract>? contracts = null)
{
    public IProgress<RawLoadProgress>? Progress { get; init; }

    /// <param name="bronze">The folder the responses are kept in (under the loader's source root, so lineage names them relative to it).</param>
    /// <param name="run">Names this fetch's folder, e.g. the run date; default: the current UTC time.</param>
    public async Task<IReadOnlyList<RawBatchResult>> LoadAsync(string table, HttpJsonSource source, string bronze, string? run = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var folder = Path.Combine(Path.GetFullPath(bronze, options.SourceRoot), table, run ?? DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        var pages = await new HttpJsonFetcher(http).FetchAsync(source, folder, cancellationToken);
        var loader = new RawJsonLoader(warehouse, options, contracts) { Format = new JsonSourceFormat(source.RecordsPath), Progress = Progress };
        var results = new List<RawBatchResult>();
        foreach (var page in pages)
        {
            if (page.Records == 0)
            {
                continue; // an empty page (the one that ends page-number paging) is kept as a file and has nothing to load
            }

            results.Add(await loader.LoadFileAsync(table, page.File, cancellationToken));
        }

        return results;
    }
}
