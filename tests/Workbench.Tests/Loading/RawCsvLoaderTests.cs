using Workbench.Errors;
using Workbench.Loading;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

public sealed class RawCsvLoaderTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_SameFileTwice_SecondIsSkippedAndRowsAreNotDuplicated(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/orders.csv", "order_id,status\n1,shipped\n2,\"placed, late\"\n3,\"multi\nline\"\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));

        var first = await loader.LoadFileAsync("orders", "orders.csv");
        var second = await loader.LoadFileAsync("orders", "orders.csv");

        Assert.Equal(RawBatchStatus.Loaded, first.Status);
        Assert.Equal(3, first.RowsLoaded);
        Assert.Equal(RawBatchStatus.Skipped, second.Status);
        Assert.Equal(3, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
        var rows = await warehouse.QueryAsync("SELECT o._batch_id, b.source, o._source_row, o.status FROM raw.orders AS o JOIN raw._batches AS b ON b.batch_id = o._batch_id ORDER BY o._source_row");
        Assert.Equal("orders.csv", rows.Rows[0][1]); // the row's file: one join away, kept once per batch
        Assert.Equal("placed, late", rows.Rows[1][3]);
        Assert.Equal("multi\nline", rows.Rows[2][3]);
        Assert.Equal(["loaded", "skipped"], (await warehouse.QueryAsync("SELECT status FROM raw._batches ORDER BY batch_id")).Column<string>("status"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_RowWithWrongFieldCount_IsRejectedWithLineAndRawTextAndCountsReconcile(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var rows = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"{i},ok")) + "\n41,too,many\n42,ok\n";
        Temp.File("data/orders.csv", "order_id,status\n" + rows);
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));

        var result = await loader.LoadFileAsync("orders", "orders.csv");

        Assert.Equal(42, result.RowsRead);
        Assert.Equal(41, result.RowsLoaded);
        Assert.Equal(1, result.RowsRejected);
        var reject = await warehouse.QueryAsync("SELECT source_row, source_line, reason, raw_text FROM raw._rejects");
        Assert.Equal(41L, Convert.ToInt64(reject.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42L, Convert.ToInt64(reject.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("expected 2 fields", (string)reject.Rows[0][2]!, StringComparison.Ordinal);
        Assert.Equal("41,too,many", reject.Rows[0][3]);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_TooManyRejects_FailsNamingTheFileAndLoadsNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/good.csv", "order_id,status\n1,ok\n");
        Temp.File("data/bad.csv", "order_id,status\n2,ok\n3\n4,a,b\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: 0.1));
        await loader.LoadFileAsync("orders", "good.csv");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => loader.LoadFileAsync("orders", "bad.csv"));

        Assert.Equal("bad.csv", error.SourcePath);
        Assert.Contains("2 of 3 rows were rejected", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
        Assert.Equal(1, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_FullRefresh_ReplacesThatFilesRowsInsteadOfSkipping(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/a.csv", "id\n1\n2\n");
        await new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"))).LoadFileAsync("t", "a.csv");

        var again = await new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), FullRefresh: true)).LoadFileAsync("t", "a.csv");

        Assert.Equal(RawBatchStatus.Loaded, again.Status);
        Assert.Equal(2, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.t"));
    }

    [Fact]
    public async Task Load_HeaderWithReservedOrDuplicateNames_IsRejectedWithEveryProblem()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/h.csv", "id,_batch_id,ID\n1,2,3\n");

        var error = await Assert.ThrowsAsync<RawLoadException>(() =>
            new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"))).LoadFileAsync("t", "h.csv"));

        Assert.StartsWith("h.csv:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("reserved for lineage", error.Message, StringComparison.Ordinal);
        Assert.Contains("'id' appears 2 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_FileRecordedByWorkbench09WithAnXxHash_IsStillSkipped()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var path = Temp.File("data/a.csv", "id\n1\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));
        var first = await loader.LoadFileAsync("t", "a.csv");
        var xxhash = "xxh128:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(File.ReadAllBytes(path)));
        await warehouse.ExecuteAsync($"UPDATE raw._batches SET content_hash = '{xxhash}'");

        var again = await loader.LoadFileAsync("t", "a.csv");

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), first.ContentHash);
        Assert.Equal(RawBatchStatus.Skipped, again.Status);
        Assert.Equal(1L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.t"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_IntoATableWithTheOldPerRowLineage_MovesItIntoBatchesInTheSameTransaction_LosingNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/a.csv", "order_id,status\n1,placed\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));
        await loader.LoadFileAsync("orders", "a.csv"); // creates the control tables and batch 1
        // The table as Workbench 0.9 left it: lineage on every row; batch 5 of it is no longer in raw._batches.
        await warehouse.ExecuteAsync($"""
            DROP TABLE raw.orders;
            CREATE TABLE raw.orders (_batch_id BIGINT NOT NULL, _source {warehouse.Dialect.TextType} NOT NULL, _source_row BIGINT NOT NULL, _ingested_at TIMESTAMP NOT NULL, order_id {warehouse.Dialect.TextType}, status {warehouse.Dialect.TextType});
            INSERT INTO raw.orders VALUES (1, 'a.csv', 1, TIMESTAMP '2024-01-31 10:00:00', '1', 'placed'), (5, 'old.csv', 1, TIMESTAMP '2023-12-31 09:00:00', '0', 'placed'), (5, 'old.csv', 2, TIMESTAMP '2023-12-31 09:00:00', '-1', 'placed')
            """);
        Temp.File("data/b.csv", "order_id,status\n2,shipped\n");

        var result = await loader.LoadFileAsync("orders", "b.csv");

        Assert.Equal(RawBatchStatus.Loaded, result.Status);
        Assert.Contains(result.Notes, n => n.Contains("moved _source and _ingested_at", StringComparison.Ordinal) && n.Contains("1 batch(es) recovered", StringComparison.Ordinal));
        Assert.Equal(["_batch_id", "_source_row", "order_id", "status"], await warehouse.GetColumnsAsync(new Workbench.Warehouse.TableName("raw", "orders")));
        var lineage = await warehouse.QueryAsync("SELECT o.order_id, b.source, b.started_at FROM raw.orders AS o JOIN raw._batches AS b ON b.batch_id = o._batch_id AND b.status = 'loaded' ORDER BY o._batch_id, o._source_row");
        Assert.Equal(4, lineage.RowCount); // every row still has its file and load time
        Assert.Equal(["a.csv", "b.csv", "old.csv", "old.csv"], lineage.Column<string>("source")); // batches 1, 2 (this load), 5 (recovered)
        Assert.Equal(new DateTime(2023, 12, 31, 9, 0, 0), Convert.ToDateTime(lineage.Rows[2][2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Load_AfterTheControlTablesWereDropped_RecreatesThemInsteadOfFailing()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/a.csv", "id\n1\n");
        Temp.File("data/b.csv", "id\n2\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));
        await loader.LoadFileAsync("t", "a.csv");
        await warehouse.ExecuteAsync("DROP TABLE raw._batches; DROP TABLE raw._rejects");

        var result = await loader.LoadFileAsync("t", "b.csv");

        Assert.Equal(RawBatchStatus.Loaded, result.Status);
        Assert.Equal(1L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }

    [PostgresTheory]
    [InlineData("postgres", "on")]
    [InlineData("postgres", "off")] // no server counts to read: the rows are counted
    public async Task Load_RowsTheTableSilentlyDrops_FailTheBatchBecauseTheTableDoesNotHoldWhatWasSent(string engine, string trackCounts)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync($"SET track_counts = {trackCounts}");
        Temp.File("data/a.csv", "order_id,status\n1,ok\n");
        Temp.File("data/b.csv", "order_id,status\n2,ok\n3,drop me\n4,ok\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")));
        await loader.LoadFileAsync("orders", "a.csv");
        await warehouse.ExecuteAsync(
            """
            CREATE FUNCTION raw.swallow() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.status = 'drop me' THEN RETURN NULL; END IF; RETURN NEW; END $$;
            CREATE TRIGGER swallow BEFORE INSERT ON raw.orders FOR EACH ROW EXECUTE FUNCTION raw.swallow();
            """);

        var error = await Assert.ThrowsAsync<RawLoadException>(() => loader.LoadFileAsync("orders", "b.csv"));

        Assert.Contains("read 3 rows, loaded 3 (2 in raw.orders)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
        Assert.Equal(1, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }
}
