using Workbench.Warehouse;
using Workbench.Loading;

namespace Workbench.Project;

/// <summary>The sample domain's raw tables and the files that feed them (paths relative to the data folder).</summary>
public static class SampleSources
{
    public static IReadOnlyList<(string Table, string Pattern)> Files { get; } =
    [
        ("customers", "customers.csv"),
        ("products", "products.csv"),
        ("product_prices", "product_prices.csv"),
        ("orders", "orders/orders_*.csv"),
        ("order_items", "order_items/order_items_*.csv"),
        ("payments", "payments/payments_*.csv"),
    ];

    /// <summary>
    /// Loads every sample source into the raw schema, typed by <paramref name="contracts"/>; files already loaded are skipped. Monthly files
    /// (<c>name_YYYY-MM.csv</c>) after <paramref name="runDate"/>'s month have not "arrived" yet and are left out.
    /// </summary>
    /// <param name="contracts">The raw tables' contracts, which type the columns; null loads every column as text.</param>
    public static async Task<IReadOnlyList<RawBatchResult>> LoadAsync(
        WarehouseConnection warehouse, string dataFolder, DateOnly? runDate = null, bool fullRefresh = false,
        IReadOnlyList<Contracts.DataContract>? contracts = null, CancellationToken cancellationToken = default)
    {
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(dataFolder, fullRefresh), contracts);
        var results = new List<RawBatchResult>();
        var cutoff = runDate?.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        bool Arrived(string file)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var stamp = stem.Length >= 7 ? stem[^7..] : string.Empty;
            return cutoff is null || stamp.Length != 7 || stamp[4] != '-' || string.CompareOrdinal(stamp, cutoff) <= 0;
        }

        foreach (var (table, pattern) in Files)
        {
            results.AddRange(await loader.LoadFilesAsync(table, pattern, Arrived, cancellationToken));
        }

        return results;
    }
}
