using Workbench.Contracts;
using Workbench.Loading.Sources;
using Workbench.Warehouse;

namespace Workbench.Loading;

/// <summary>
/// Loads JSON and NDJSON files (saved API responses: the bronze pattern, one immutable file per run or page) into the raw
/// zone, typed by each table's contract, with the same batch rules as CSV (see <see cref="RawFileLoader"/>). Nested
/// objects become columns named by their path (<c>customer__id</c>), matched to the contract case-insensitively.
/// </summary>
public sealed class RawJsonLoader : RawFileLoader
{
    /// <param name="contracts">The contracts raw tables are typed by; null loads every table untyped (all text).</param>
    public RawJsonLoader(WarehouseConnection warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts = null)
        : base(warehouse, options, contracts)
    {
    }

    /// <summary>Where the records are in each document, and whether files are NDJSON.</summary>
    public JsonSourceFormat Format { get; init; } = JsonSourceFormat.Default;

    protected override async Task<IRecordSource> OpenAsync(string path, string source, CancellationToken cancellationToken) =>
        await JsonRecordSource.OpenAsync(path, source, Format, cancellationToken);
}
