using System.Globalization;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

public sealed class RawJsonLoaderTests : TempDirectoryTest
{
    private static readonly DataContract Contract = ContractParser.Parse("contracts/raw/events.odcs.yaml", """
        apiVersion: v3.1.0
        kind: DataContract
        id: raw.events
        version: 1.0.0
        status: active
        schema:
          - name: events
            physicalName: raw.events
            properties:
              - name: id
                logicalType: integer
                required: true
              - name: customer__id
                logicalType: integer
              - name: customer__country
                logicalType: string
              - name: amount
                logicalType: number
                physicalType: DECIMAL(10,2)
              - name: paid
                logicalType: boolean
              - name: at
                logicalType: timestamp
              - name: tags
                logicalType: string
        """).Contract!;

    private RawJsonLoader Loader(Workbench.Warehouse.WarehouseConnection warehouse, JsonSourceFormat? format = null) =>
        new(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: 1), [Contract]) { Format = format ?? JsonSourceFormat.Default };

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_ApiResponseAtARecordsPath_FlattensNestedObjectsIntoTheContractsColumns(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/page-1.json", """
            {"data": {"items": [
              {"id": 1, "customer": {"id": 7, "country": "SI"}, "amount": 12.345, "paid": true, "at": "2024-01-01T10:00:00", "tags": ["a", "b"]},
              {"id": 2, "customer": null, "amount": null, "paid": false}
            ]}, "next": null}
            """);

        var result = await Loader(warehouse, new JsonSourceFormat("data.items")).LoadFileAsync("events", "page-1.json");

        Assert.Equal((2L, 0L), (result.RowsLoaded, result.RowsRejected));
        var rows = await warehouse.QueryAsync("SELECT id, customer__id, customer__country, amount, paid, \"at\", tags, _source_row FROM raw.events ORDER BY id");
        Assert.Equal(7L, Convert.ToInt64(rows.Rows[0][1], CultureInfo.InvariantCulture));
        Assert.Equal("SI", rows.Rows[0][2]);
        Assert.Equal(12.35m, Convert.ToDecimal(rows.Rows[0][3], CultureInfo.InvariantCulture));
        Assert.Equal(true, rows.Rows[0][4]);
        Assert.Equal(new DateTime(2024, 1, 1, 10, 0, 0), Convert.ToDateTime(rows.Rows[0][5], CultureInfo.InvariantCulture));
        Assert.Equal("[\"a\", \"b\"]", rows.Rows[0][6]);
        Assert.Null(rows.Rows[1][1]);
        Assert.Equal(2L, Convert.ToInt64(rows.Rows[1][7], CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_NdjsonWithABrokenLine_RejectsThatLineWithItsNumber_AndLoadsTheRest(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/events.ndjson", "{\"id\": 1, \"amount\": \"9.99\"}\n{\"id\": 2, \"amount\": \n\n{\"id\": \"three\"}\n[1, 2]\n{\"id\": 5}\n");

        var result = await Loader(warehouse).LoadFileAsync("events", "events.ndjson");

        Assert.Equal((5L, 2L, 3L), (result.RowsRead, result.RowsLoaded, result.RowsRejected));
        var rejects = await warehouse.QueryAsync("SELECT source_line, column_name, reason, raw_text FROM raw._rejects ORDER BY source_line");
        Assert.Equal([2L, 4L, 5L], rejects.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.StartsWith("not valid JSON", (string)rejects.Rows[0][2]!, StringComparison.Ordinal);
        Assert.Equal("id", rejects.Rows[1][1]);
        Assert.Contains("not an integer: \"three\"", (string)rejects.Rows[1][2]!, StringComparison.Ordinal);
        Assert.Contains("must be a JSON object, found a array", (string)rejects.Rows[2][2]!, StringComparison.Ordinal);
        Assert.Equal("{\"id\": 2, \"amount\": ", rejects.Rows[0][3]);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_MalformedJsonDocument_FailsWithLineAndColumn_AndLoadsNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/bad.json", "[\n  {\"id\": 1},\n  {\"id\": 2,,}\n]\n");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => Loader(warehouse).LoadFileAsync("events", "bad.json"));

        Assert.StartsWith("bad.json:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }

    [Fact]
    public async Task Load_RecordsPathThatDoesNotExist_SaysWhatTheDocumentHas()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/page.json", "{\"results\": [], \"next\": null}");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => Loader(warehouse, new JsonSourceFormat("data.items")).LoadFileAsync("events", "page.json"));

        Assert.Contains("the document has no 'data' (it has: results, next)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SameJsonFileTwice_SecondIsSkipped()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/a.json", "[{\"id\": 1}, {\"id\": 2}]");
        var loader = Loader(warehouse);

        await loader.LoadFileAsync("events", "a.json");
        var again = await loader.LoadFileAsync("events", "a.json");

        Assert.Equal(RawBatchStatus.Skipped, again.Status);
        Assert.Equal(2L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.events"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_RecordWhoseTextAlsoAppearsNestedInAnEarlierRecord_IsRejectedWithItsOwnLine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/page.json", """
            [
              {"id": 1, "customer": {"id": "x"}},
              {"id": "x"}
            ]
            """);

        var result = await Loader(warehouse).LoadFileAsync("events", "page.json");

        Assert.Equal(2L, result.RowsRejected);
        var rejects = await warehouse.QueryAsync("SELECT source_row, source_line, raw_text FROM raw._rejects ORDER BY source_row");
        Assert.Equal([2L, 3L], rejects.Rows.Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)));
        Assert.Equal("{\"id\": \"x\"}", rejects.Rows[1][2]);
    }
}
