using System.Globalization;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

/// <summary>Raw loads typed by the table's contract, on both engines.</summary>
public sealed class TypedRawLoadTests : TempDirectoryTest
{
    private static DataContract Contract(string mode = "evolve") => ContractParser.Parse("contracts/raw/orders.odcs.yaml", $"""
        apiVersion: v3.1.0
        kind: DataContract
        id: raw.orders
        version: 1.0.0
        status: active
        schema:
          - name: orders
            physicalName: raw.orders
            customProperties:
              - property: schemaMode
                value: {mode}
            properties:
              - name: _batch_id
                logicalType: integer
                required: true
              - name: order_id
                logicalType: integer
                physicalType: BIGINT
                required: true
              - name: amount
                logicalType: number
                physicalType: DECIMAL(10,2)
              - name: ordered_on
                logicalType: date
              - name: placed_at
                logicalType: timestamp
              - name: status
                logicalType: string
                required: true
        """).Contract!;

    private RawCsvLoader Loader(Workbench.Warehouse.WarehouseConnection warehouse, string mode = "evolve", double maxRejected = 0.5) =>
        new(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: maxRejected), [Contract(mode)]);

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_ColumnsInAnyOrderAndCase_AreMatchedByNameAndTypedByTheContract(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", "\uFEFFSTATUS,Amount,order_id,placed_at,ordered_on\nshipped,12.345,1,2024-03-01 10:20:30,2024-03-01\nplaced, 7 ,2,2024-03-02T08:00:00,\n");

        var result = await Loader(warehouse).LoadFileAsync("orders", "o.csv");

        Assert.Equal((2L, 0L), (result.RowsLoaded, result.RowsRejected));
        var types = await warehouse.QueryAsync("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'orders' ORDER BY ordinal_position");
        Assert.Equal(["_batch_id", "_source_row", "order_id", "amount", "ordered_on", "placed_at", "status"], types.Column<string>("column_name"));
        Assert.Equal(LogicalType.Integer, Workbench.Warehouse.SqlDialect.AnyLogicalTypeOf((string)types.Rows[2][1]!));
        Assert.Equal(LogicalType.Number, Workbench.Warehouse.SqlDialect.AnyLogicalTypeOf((string)types.Rows[3][1]!));
        Assert.Equal(LogicalType.Date, Workbench.Warehouse.SqlDialect.AnyLogicalTypeOf((string)types.Rows[4][1]!));
        Assert.Equal(LogicalType.Timestamp, Workbench.Warehouse.SqlDialect.AnyLogicalTypeOf((string)types.Rows[5][1]!));
        var rows = await warehouse.QueryAsync("SELECT order_id, amount, ordered_on, placed_at, status FROM raw.orders ORDER BY order_id");
        Assert.Equal(1L, Convert.ToInt64(rows.Rows[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(12.35m, Convert.ToDecimal(rows.Rows[0][1], CultureInfo.InvariantCulture)); // rounded to the column's scale
        Assert.Equal(7m, Convert.ToDecimal(rows.Rows[1][1], CultureInfo.InvariantCulture));
        Assert.Null(rows.Rows[1][2]);
        Assert.Equal(new DateTime(2024, 3, 2, 8, 0, 0), Convert.ToDateTime(rows.Rows[1][3], CultureInfo.InvariantCulture));
        Assert.Equal("shipped", rows.Rows[0][4]);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_RowsThatCannotBeTyped_GoToRejectsWithColumnReasonAndRawText_AndCountsReconcile(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", string.Join('\n',
            "order_id,amount,ordered_on,placed_at,status",
            "1,10,2024-01-01,2024-01-01 00:00:00,ok",
            "x2,10,2024-01-01,,ok",
            "3,ten,2024-01-01,,ok",
            "4,10,2024-02-30,,ok",
            "5,10,,2024-13-01 00:00:00,ok",
            "6,10,,,",
            "7,10,,",
            ",10,,,ok",
            "9,123456789,,,ok",
            "10,1,,,\"quoted, with comma\"") + "\n");

        var result = await Loader(warehouse, maxRejected: 1).LoadFileAsync("orders", "o.csv");

        Assert.Equal((10L, 2L, 8L), (result.RowsRead, result.RowsLoaded, result.RowsRejected));
        var rejects = await warehouse.QueryAsync("SELECT source_row, source_line, column_name, reason, raw_text FROM raw._rejects ORDER BY source_row");
        string Reason(int i) => (string)rejects.Rows[i][3]!;
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L], rejects.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal(3L, Convert.ToInt64(rejects.Rows[0][1], CultureInfo.InvariantCulture)); // line 3 of the file (the header is line 1)
        Assert.Equal(["order_id", "amount", "ordered_on", "placed_at", "status", null, "order_id", "amount"], rejects.Rows.Select(r => r[2] as string));
        Assert.Contains("not an integer: \"x2\"", Reason(0), StringComparison.Ordinal);
        Assert.Contains("not a number: \"ten\"", Reason(1), StringComparison.Ordinal);
        Assert.Contains("not a date (yyyy-MM-dd): \"2024-02-30\"", Reason(2), StringComparison.Ordinal);
        Assert.Contains("not a timestamp", Reason(3), StringComparison.Ordinal);
        Assert.Contains("status: missing required value", Reason(4), StringComparison.Ordinal);
        Assert.Contains("expected 5 fields as in the header, found 4", Reason(5), StringComparison.Ordinal);
        Assert.Contains("order_id: missing required value", Reason(6), StringComparison.Ordinal);
        Assert.Contains("too large for DECIMAL(10,2)", Reason(7), StringComparison.Ordinal);
        Assert.Equal("x2,10,2024-01-01,,ok", rejects.Rows[0][4]);
        Assert.Equal([1L, 10L], (await warehouse.QueryAsync("SELECT _source_row FROM raw.orders ORDER BY _source_row")).Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal(0L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches WHERE rows_read <> rows_loaded + rows_rejected"));
    }

    [Fact]
    public async Task Load_OnDuckDb_NativeReaderAndStreamingGiveTheSameRowsRejectsAndReasons()
    {
        // One messy file: broken values, a quoted line break, and the text rules (bytes that are not UTF-8, a NUL, a
        // control character that is kept, records at, over and well over a line limit of 60 bytes).
        var file = new MemoryStream();
        void Write(string text) => file.Write(System.Text.Encoding.UTF8.GetBytes(text));
        Write(string.Join('\n',
            "order_id,amount,ordered_on,placed_at,status",
            "1,10.005,2024-01-01,2024-01-01T08:00:00,ok",
            "x2,10,2024-01-01,,ok",
            "3,\"multi",
            "line\",2024-01-01,,ok",
            "4,10,2024-02-30,,ok",
            "5,10,,,",
            "6,10,,",
            ",10,,,ok",
            "8,-7.5,,2024-03-01 23:59:59.123,\"say \"\"hi\"\"\"") + "\n");
        Write("9,1,,,J");
        file.WriteByte(0xFC); // Latin-1 ü in a UTF-8 file
        Write("rgen\n10,1");
        file.WriteByte(0xFC);
        Write("0,,,ok\n11,1,,,a");
        file.WriteByte(0);
        Write("b\n12,1,,,tab\tand\u0001ctrl\n");
        Write($"13,1,,,{new string('a', 60 - 7)}\n"); // exactly the limit
        Write($"14,1,,,{new string('b', 61 - 7)}\n"); // one byte over
        Write($"15,1,,,{new string('c', 20_000)}\n16,1,,,last\n");
        Temp.File("data/o.csv", string.Empty);
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "o.csv"), file.ToArray());
        async Task<(string Rows, string Rejects)> LoadAsync(bool native, string name)
        {
            await using var warehouse = await Workbench.Warehouse.WarehouseConnection.OpenAsync(
                new Workbench.Warehouse.WarehouseOptions(Workbench.Warehouse.WarehouseEngine.DuckDb, Path.Combine(Temp.Path, name + ".duckdb")));
            var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: 1), [Contract()])
            {
                UseNativeReader = native,
                Format = CsvSourceFormat.Default with { MaxLineBytes = 60 },
            };
            await loader.LoadFileAsync("orders", "o.csv");
            var rows = await warehouse.QueryAsync("SELECT _source_row, order_id, amount, ordered_on, placed_at, status FROM raw.orders ORDER BY _source_row");
            var rejects = await warehouse.QueryAsync("SELECT source_row, source_line, column_name, reason, raw_text FROM raw._rejects ORDER BY source_row");
            return (rows.ToText(100), rejects.ToText(100));
        }

        var native = await LoadAsync(native: true, "native");
        var streamed = await LoadAsync(native: false, "streamed");

        Assert.True(streamed.Rows == native.Rows, "streamed:\n" + streamed.Rows + "\nnative:\n" + native.Rows + "\n" + streamed.Rejects + "\n" + native.Rejects);
        Assert.True(streamed.Rejects == native.Rejects, "streamed:\n" + streamed.Rejects + "\nnative:\n" + native.Rejects);
        Assert.Contains("say \"hi\"", native.Rows, StringComparison.Ordinal);
        Assert.Contains("tab\tand\u0001ctrl", native.Rows, StringComparison.Ordinal);
        Assert.Contains(new string('a', 53), native.Rows, StringComparison.Ordinal);
        Assert.Contains("2024-02-30", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("status: is not valid UTF-8 (byte 0xFC at byte 2 of the field)", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("amount: is not valid UTF-8 (byte 0xFC at byte 2 of the field)", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("status: contains a NUL byte (0x00) at byte 2 of the field", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("a\u2400b", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("the record is 61 bytes, longer than the limit of 60 bytes", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("the record is 20,007 bytes, longer than the limit of 60 bytes", native.Rejects, StringComparison.Ordinal);
        Assert.Contains("(20,007 characters in all)", native.Rejects, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_BytesThatAreNotUtf8_ANul_OrALongRecord_RejectTheirRowWithLineAndColumn_OnEveryEngine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var bytes = new List<byte>();
        void Write(string text) => bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
        Write("order_id,status\n1,ok\n2,J");
        bytes.Add(0xFC);
        Write("rgen\n3,a");
        bytes.Add(0);
        Write("b\n4,bell\u0007\n5," + new string('x', 100) + "\n6,ok\n");
        Temp.File("data/o.csv", string.Empty);
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "o.csv"), bytes.ToArray());
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: 1), [Contract()])
        {
            Format = CsvSourceFormat.Default with { MaxLineBytes = 100 },
        };

        var result = await loader.LoadFileAsync("orders", "o.csv");

        Assert.Equal((6L, 3L, 3L), (result.RowsRead, result.RowsLoaded, result.RowsRejected));
        Assert.Equal("bell\u0007", await warehouse.ScalarAsync<string>("SELECT status FROM raw.orders WHERE order_id = 4")); // other control characters are kept
        var rejects = await warehouse.QueryAsync("SELECT source_line, column_name, reason, raw_text FROM raw._rejects ORDER BY source_line");
        Assert.Equal([3L, 4L, 6L], rejects.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal(["status", "status", null], rejects.Rows.Select(r => r[1] as string));
        Assert.StartsWith("status: is not valid UTF-8 (byte 0xFC at byte 2 of the field); if the file is written in another encoding, load it with --encoding", (string)rejects.Rows[0][2]!, StringComparison.Ordinal);
        Assert.StartsWith("status: contains a NUL byte (0x00) at byte 2 of the field", (string)rejects.Rows[1][2]!, StringComparison.Ordinal);
        Assert.StartsWith("the record is 102 bytes, longer than the limit of 100 bytes", (string)rejects.Rows[2][2]!, StringComparison.Ordinal);
        Assert.Equal(["2,J\uFFFDrgen", "3,a\u2400b"], rejects.Rows.Take(2).Select(r => (string)r[3]!));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_AFileInADeclaredEncoding_IsDecodedByIt_OnEveryEngine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        System.Text.Encoding Code(int page) => System.Text.CodePagesEncodingProvider.Instance.GetEncoding(page)!;
        Temp.File("data/latin1.csv", string.Empty);
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "latin1.csv"), System.Text.Encoding.Latin1.GetBytes("order_id,status\n1,Jürgen\n"));
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "cp1252.csv"), Code(1252).GetBytes("order_id,status\n2,5 € – „quoted“\n"));
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "utf16.csv"), [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("order_id,status\n3,日本\n")]);
        async Task LoadAsync(string file, SourceEncoding encoding) =>
            await new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data")), [Contract()]) { Format = CsvSourceFormat.Default with { Encoding = encoding } }
                .LoadFileAsync("orders", file);

        await LoadAsync("latin1.csv", SourceEncoding.Parse("ISO-8859-1"));
        await LoadAsync("cp1252.csv", SourceEncoding.Parse("windows-1252"));
        await LoadAsync("utf16.csv", SourceEncoding.Parse("utf-16"));

        var rows = await warehouse.QueryAsync("SELECT status FROM raw.orders ORDER BY order_id");
        Assert.Equal(["Jürgen", "5 € – „quoted“", "日本"], rows.Column<string>("status"));
        Assert.Equal(0L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._rejects"));
        var unknown = Assert.Throws<ArgumentException>(() => SourceEncoding.Parse("ebcdic"));
        Assert.StartsWith("Unknown encoding 'ebcdic'. Use one of: utf-8, latin1, windows-1252, utf-16.", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_FreezeMode_NewColumnFailsTheBatchNamingTheColumn_AndLoadsNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", "order_id,status,coupon\n1,ok,SAVE10\n");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => Loader(warehouse, "freeze").LoadFileAsync("orders", "o.csv"));

        Assert.Contains("'coupon' (field 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema mode freeze", error.Message, StringComparison.Ordinal);
        Assert.Contains("contracts/raw/orders.odcs.yaml", error.Message, StringComparison.Ordinal);
        Assert.False(await warehouse.TableExistsAsync(new("raw", "orders")));
        Assert.Equal(0L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_EvolveMode_AddsTheNewColumnAsText_AndNotesIt(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/a.csv", "order_id,status\n1,ok\n");
        Temp.File("data/b.csv", "order_id,status,coupon\n2,ok,SAVE10\n");
        var loader = Loader(warehouse);
        await loader.LoadFileAsync("orders", "a.csv");

        var result = await loader.LoadFileAsync("orders", "b.csv");

        Assert.Contains(result.Notes, n => n.Contains("'coupon' is not in the contract", StringComparison.Ordinal));
        Assert.Equal("SAVE10", await warehouse.ScalarAsync<string>("SELECT coupon FROM raw.orders WHERE order_id = 2"));
        Assert.Contains("coupon", await warehouse.ScalarAsync<string>("SELECT notes FROM raw._batches WHERE source = 'b.csv'"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_DiscardRowMode_RejectsOnlyRowsWithAValueInTheNewColumn(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", "order_id,status,coupon\n1,ok,\n2,ok,SAVE10\n");

        var result = await Loader(warehouse, "discard_row").LoadFileAsync("orders", "o.csv");

        Assert.Equal((1L, 1L), (result.RowsLoaded, result.RowsRejected));
        Assert.Equal("coupon", await warehouse.ScalarAsync<string>("SELECT column_name FROM raw._rejects"));
        Assert.DoesNotContain("coupon", await warehouse.GetColumnsAsync(new("raw", "orders")));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_DiscardValueMode_LoadsEveryRowWithoutTheNewColumn(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", "order_id,coupon,status\n1,,ok\n2,SAVE10,ok\n");

        var result = await Loader(warehouse, "discard_value").LoadFileAsync("orders", "o.csv");

        Assert.Equal((2L, 0L), (result.RowsLoaded, result.RowsRejected));
        Assert.Contains(result.Notes, n => n.Contains("'coupon'", StringComparison.Ordinal) && n.Contains("dropped", StringComparison.Ordinal));
        Assert.Equal("ok", await warehouse.ScalarAsync<string>("SELECT status FROM raw.orders WHERE order_id = 2"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_FileWithoutARequiredColumn_FailsNamingIt_ButAMissingOptionalColumnLoadsAsNull(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/bad.csv", "order_id,amount\n1,5\n");
        Temp.File("data/ok.csv", "order_id,status\n1,ok\n");
        var loader = Loader(warehouse);

        var error = await Assert.ThrowsAsync<RawLoadException>(() => loader.LoadFileAsync("orders", "bad.csv"));
        var ok = await loader.LoadFileAsync("orders", "ok.csv");

        Assert.Contains("no column(s) 'status'", error.Message, StringComparison.Ordinal);
        Assert.Contains("The source's columns are: order_id, amount", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, ok.RowsLoaded);
        Assert.Contains(ok.Notes, n => n.Contains("'amount'", StringComparison.Ordinal) && n.Contains("NULL", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_FileWithoutHeader_AndOtherDelimiter_TakesFieldsInTheContractsOrder(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.txt", "1;2,50;2024-01-01;;\"a;b\"\n");
        var loader = new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"), MaxRejectedFraction: 1), [Contract()])
        {
            Format = new CsvSourceFormat(';', HasHeader: false),
        };

        var result = await loader.LoadFileAsync("orders", "o.txt");

        Assert.Equal(1, result.RowsRejected); // "2,50" is not a number with '.' as the decimal point
        Temp.File("data/p.txt", "2;2.50;2024-01-01;;\"a;b\"\n");
        var second = await loader.LoadFileAsync("orders", "p.txt");
        Assert.Equal(1, second.RowsLoaded);
        Assert.Equal("a;b", await warehouse.ScalarAsync<string>("SELECT status FROM raw.orders"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_IntoATableCreatedWithOtherTypes_FailsSayingHowToRebuild(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("data/o.csv", "order_id,status\n1,ok\n");
        await new RawCsvLoader(warehouse, new RawLoadOptions(Path.Combine(Temp.Path, "data"))).LoadFileAsync("orders", "o.csv"); // untyped: all text
        Temp.File("data/p.csv", "order_id,status\n2,ok\n");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => Loader(warehouse).LoadFileAsync("orders", "p.csv"));

        Assert.Contains("order_id is", error.Message, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE raw.orders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_TableWithoutAContract_IsAnErrorListingTheContractedTables()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();

        var error = Assert.Throws<RawLoadException>(() => Loader(warehouse).SpecFor("refunds"));

        Assert.Contains("No contract describes raw table raw.refunds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Contracted tables: raw.orders", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("integer", "BIGINT", " 42 ", true, 42L)]
    [InlineData("integer", "INTEGER", "3000000000", false, null)]
    [InlineData("integer", "BIGINT", "1.5", false, null)]
    [InlineData("number", "DOUBLE", "1e3", true, 1000d)]
    [InlineData("boolean", "BOOLEAN", "TRUE", true, true)]
    [InlineData("boolean", "BOOLEAN", "maybe", false, null)]
    [InlineData("string", "VARCHAR", "  keep  ", true, "  keep  ")]
    [InlineData("time", "TIME", "23:59:01", true, null)]
    [InlineData("timestamp", "TIMESTAMP", "2024-02-29 23:59:59.1234567", true, null)]
    [InlineData("timestamp", "TIMESTAMP", "2024-02-29T23:59", true, null)]
    [InlineData("timestamp", "TIMESTAMP", "2023-02-29 00:00:00", false, null)]
    [InlineData("timestamp", "TIMESTAMP", "2024-01-01 24:00:00", false, null)]
    [InlineData("timestamp", "TIMESTAMP", "2024-01-01 10:00:00+02", true, null)] // an offset: stored as UTC (IsoDateTimeTests check the value)
    [InlineData("date", "DATE", "2024-1-5", false, null)]
    public void ValueParser_ParsesWhatTheWarehouseWouldStore(string logical, string sql, string text, bool ok, object? expected)
    {
        var parser = new ValueParser(new RawColumn("c", Enum.Parse<LogicalType>(logical, ignoreCase: true), sql, Required: false));

        var parsed = parser.TryParse(text, out var value, out var reason);

        Assert.Equal(ok, parsed);
        Assert.Equal(ok, reason is null);
        if (expected is not null)
        {
            Assert.Equal(expected, value);
        }
    }
}
