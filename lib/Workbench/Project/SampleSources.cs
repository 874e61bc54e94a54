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

    /// <summary>Loads every sample source into the raw schema; files already loaded are skipped.</summary>
    public static async Task<IReadOnlyList<RawBatchResult>> LoadAsync(
        Warehouse.Warehouse warehouse, string dataFolder, bool fullRefresh = false, CancellationToken cancellationToken = default)
    {
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(dataFolder, fullRefresh));
        var results = new List<RawBatchResult>();
        foreach (var (table, pattern) in Files)
        {
            results.AddRange(await loader.LoadFilesAsync(table, pattern, cancellationToken));
        }

        return results;
    }
}
