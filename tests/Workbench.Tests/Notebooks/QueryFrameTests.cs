using Microsoft.Data.Analysis;
using Workbench.Notebooks.Frames;
using Workbench.Tests.Support;
using Workbench.Warehouse;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

public sealed class QueryFrameTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task ToDataFrame_TypesEachColumn_KeepsNulls_AndWritesBackThroughTheBulkPath(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var result = await warehouse.QueryAsync("""
            SELECT * FROM (VALUES
              (1, CAST(10 AS BIGINT), CAST(2.50 AS DECIMAL(10,2)), CAST(0.5 AS DOUBLE PRECISION), TRUE, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:30:00', 'Lyon'),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            ) AS t(id, n, amount, ratio, flag, day, happened, city)
            ORDER BY id
            """);

        var frame = result.ToDataFrame();

        Assert.Equal(2, frame.Rows.Count);
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["n"]);
        Assert.IsType<DecimalDataFrameColumn>(frame.Columns["amount"]);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["ratio"]);
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["flag"]);
        Assert.IsType<DateTimeDataFrameColumn>(frame.Columns["day"]);
        Assert.IsType<DateTimeDataFrameColumn>(frame.Columns["happened"]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["city"]);
        Assert.Equal(2.50m, frame.Columns["amount"][0]);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 30, 0), frame.Columns["happened"][0]);
        Assert.All(frame.Columns.Skip(1), c => Assert.Equal(1, c.NullCount));

        var written = await frame.WriteAsync(warehouse, new TableName("scratch", "frame_copy"));
        var back = await warehouse.QueryAsync("SELECT n, amount, ratio, flag, day, happened, city FROM scratch.frame_copy ORDER BY n NULLS LAST");

        Assert.Equal(2, written);
        Assert.Equal(10L, Convert.ToInt64(back.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2.50m, Convert.ToDecimal(back.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(true, back.Rows[0][3]);
        Assert.Equal("Lyon", back.Rows[0][6]);
        Assert.All(back.Rows[1], Assert.Null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => frame.WriteAsync(warehouse, new TableName("scratch", "frame_copy")));
        Assert.Equal(2, await frame.WriteAsync(warehouse, new TableName("scratch", "frame_copy"), replace: true));
    }

    [Fact]
    public void ToHtml_ShowsABoundedTable_WithTheFramesSizeAndTypes()
    {
        var frame = new DataFrame(new Int64DataFrameColumn("id", Enumerable.Range(0, 500).Select(i => (long?)i)), new StringDataFrameColumn("name", Enumerable.Range(0, 500).Select(i => i == 3 ? null : $"n{i}")));

        var html = frame.ToHtml(maxRows: 20);

        Assert.Contains("500 rows × 2 columns, the first 20 shown", html, StringComparison.Ordinal);
        Assert.Contains("id: Int64", html, StringComparison.Ordinal);
        Assert.Contains("n19", html, StringComparison.Ordinal);
        Assert.DoesNotContain("n20<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notebook_ASqlCellsResult_ReachesCSharpAsADataFrame_AndRendersAsATable()
    {
        var path = Write(Temp, "frames",
            Setup(Temp),
            Code("-- dataframe: orders\nSELECT * FROM (VALUES (1, 'a', 10.5), (2, 'b', NULL), (3, 'a', 4.5)) AS t(id, kind, amount)", kernel: "sql"),
            Code("var byKind = orders.GroupBy<string>(\"kind\").Sum(\"amount\");\nConsole.WriteLine($\"{orders.GetType().Name} {orders.Rows.Count} rows, {orders.Columns[\"amount\"].NullCount} null\");\nbyKind"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("frames"));
        var outputs = ReadJson(result.ExecutedNotebookPath)["cells"]![2]!["outputs"]!.ToJsonString();
        Assert.Contains("DataFrame 3 rows, 1 null", outputs, StringComparison.Ordinal);
        Assert.Contains("DataFrame: 2 rows", outputs, StringComparison.Ordinal);
    }
}
