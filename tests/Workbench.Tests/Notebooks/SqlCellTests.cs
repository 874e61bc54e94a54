using Workbench.Tests.Support;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

public sealed class SqlCellTests : TempDirectoryTest
{
    [Fact]
    public async Task SqlCell_RendersAnHtmlTableAndHandsANamedResultToCSharp()
    {
        var path = Write(Temp, "sql",
            Setup(Temp),
            Code("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, NULL), (3, 'c')) AS v(id, label)", kernel: "sql"),
            Code("-- name: picked\nSELECT id, label FROM t WHERE id >= 2 ORDER BY id", kernel: "sql"),
            Code("Console.WriteLine(string.Join(\",\", picked.Column<long>(\"id\")) + \"|\" + picked.RowCount);"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("sql"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        var table = cells[2]!["outputs"]![0]!["data"]!["text/html"]!.GetValue<string>();
        Assert.Contains("<th title=", table, StringComparison.Ordinal);
        Assert.Contains("<td style=\"text-align:right;font-variant-numeric:tabular-nums\">3</td><td>c</td>", table, StringComparison.Ordinal); // numbers right-aligned
        Assert.Contains("NULL", table, StringComparison.Ordinal);
        Assert.Contains("2 row(s)", table, StringComparison.Ordinal);
        Assert.Equal("2,3|2", cells[3]!["outputs"]![0]!["text"]!.GetValue<string>().Trim());
    }

    [Fact]
    public async Task SqlCell_WithBadSql_FailsTheCellWithTheEngineMessage()
    {
        var path = Write(Temp, "badsql",
            Setup(Temp),
            Code("SELECT * FROM no_such_table", kernel: "sql"));

        var result = await RunAsync(path);

        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Contains("no_such_table", result.Failure.Message, StringComparison.Ordinal);
    }
}
