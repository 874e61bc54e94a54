using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Sources;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>The outcome of loading one seed.</summary>
/// <param name="Seed">The seed's own name (<c>seeds.NAME</c>).</param>
public sealed record SeedResult(TableName Seed, string File, long Rows, bool Typed)
{
    /// <summary>Where it was written: <see cref="Seed"/>, or a build's version of it.</summary>
    public TableName Table { get; init; } = Seed;
}

/// <summary>
/// Seeds: small reference tables kept as CSV files in the repository (<c>data/seeds/NAME.csv</c> becomes
/// <c>seeds.NAME</c>), replaced whole on every run, typed by their contract when one exists (text otherwise). Models
/// read them like any table. A value that does not fit its type fails the seed with the file, line and column: seeds
/// are edited by hand, so a bad one is a mistake to fix, not a row to reject.
/// </summary>
public static class SeedLoader
{
    public const string Schema = "seeds";

    /// <summary>The seed tables the CSV files in <paramref name="folder"/> become.</summary>
    public static IReadOnlyList<TableName> SeedTables(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).Select(f => new TableName(Schema, Path.GetFileNameWithoutExtension(f).ToLowerInvariant())).ToList()
            : [];

    /// <param name="into">Where each seed table is written instead of <c>seeds.NAME</c> (a build's unpublished version), or null.</param>
    public static async Task<IReadOnlyList<SeedResult>> LoadAllAsync(WarehouseConnection warehouse, string folder, IReadOnlyList<DataContract>? contracts, Func<TableName, TableName>? into = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var results = new List<SeedResult>();
        foreach (var file in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            results.Add(await LoadAsync(warehouse, file, contracts, into, cancellationToken));
        }

        return results;
    }

    private static async Task<SeedResult> LoadAsync(WarehouseConnection warehouse, string file, IReadOnlyList<DataContract>? contracts, Func<TableName, TableName>? into, CancellationToken cancellationToken)
    {
        var seed = new TableName(Schema, Path.GetFileNameWithoutExtension(file).ToLowerInvariant());
        var name = into?.Invoke(seed) ?? seed;
        var spec = contracts is null ? null : RawTableSpec.Find(contracts, seed, warehouse.Dialect);
        var display = Path.GetFileName(file);
        using var records = await CsvRecordSource.OpenAsync(file, display, CsvSourceFormat.Default, cancellationToken);
        var header = records.Columns;
        var columns = header.Select(h => spec?.Columns.FirstOrDefault(c => string.Equals(c.Name, h, StringComparison.OrdinalIgnoreCase))).ToList();
        if (spec is not null && spec.Columns.FirstOrDefault(c => !header.Contains(c.Name, StringComparer.OrdinalIgnoreCase)) is { } missing)
        {
            throw new RawLoadException($"{display}: seed {seed} has no column '{missing.Name}', which its contract {spec.ContractFile} declares. Columns: {string.Join(", ", header)}.", display, seed.Name, []);
        }

        var parsers = columns.Select(c => c is null ? null : new ValueParser(c)).ToList();
        var rows = new List<object?[]>();
        while (records.Read())
        {
            if (records.FieldCount != header.Count)
            {
                throw new RawLoadException($"{display}:{records.Line}: expected {header.Count} fields as in the header, found {records.FieldCount}. Fix the seed file.", display, seed.Name, []);
            }

            var row = new object?[header.Count];
            for (var i = 0; i < header.Count; i++)
            {
                var text = (string?)records.GetValue(i) ?? string.Empty;
                if (parsers[i] is { } parser)
                {
                    if (!parser.TryParse(text, out row[i], out var reason))
                    {
                        throw new RawLoadException($"{display}:{records.Line}: column {header[i]}: {reason}. Fix the seed file (its contract is {spec!.ContractFile}).", display, seed.Name, []);
                    }
                }
                else
                {
                    row[i] = text.Length == 0 ? null : text;
                }
            }

            rows.Add(row);
        }

        var staging = new TableName(name.Schema, name.Name + "__wb_new");
        var definitions = header.Select((h, i) => $"{Quote(h)} {columns[i]?.SqlType ?? warehouse.Dialect.TextType}{(columns[i]?.Required == true ? " NOT NULL" : string.Empty)}");
        await warehouse.CreateSchemaAsync(name.Schema, cancellationToken);
        var existing = await warehouse.DescribeAsync(name, cancellationToken);
        await using var transaction = await warehouse.BeginTransactionAsync(cancellationToken);
        await warehouse.DropAsync(staging, CatalogObjectKind.Table, cancellationToken: cancellationToken);
        await warehouse.ExecuteAsync($"CREATE TABLE {Quote(staging)} ({string.Join(", ", definitions)})", cancellationToken);
        await warehouse.BulkInsertAsync(staging, header, rows, cancellationToken);
        // Views that read the seed keep working: the swap recreates them on the new table where the engine needs it.
        await warehouse.SwapAsync(staging, CatalogObjectKind.Table, name, existing?.Kind, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SeedResult(seed, display, rows.Count, spec is not null) { Table = name };
    }
}
