using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Sources;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

public sealed class CsvHeaderTests : TempDirectoryTest
{
    [Theory]
    [InlineData("id,name,amount\n1,a,2\n", ',', "id|name|amount")]
    [InlineData("\uFEFFid,name\r\n1,a\r\n", ',', "id|name")]
    [InlineData(" id ;\"first; last\";\"say \"\"hi\"\"\"\n", ';', "id|first; last|say \"hi\"")]
    [InlineData("id,\"two\nlines\",x", ',', "id|two\nlines|x")]
    [InlineData("id\t\"a,b\"\tc\n", '\t', "id|a,b|c")]
    [InlineData("id,,c\n", ',', "id||c")]
    public void Read_Header_GivesTheNamesTheFullReaderGives(string text, char delimiter, string expected)
    {
        var path = Temp.File("h.csv", text);
        var format = new CsvSourceFormat(delimiter);

        var names = CsvHeader.Read(path, format, "h.csv");

        Assert.Equal(expected.Split('|'), names);
        Assert.Equal(FullReaderHeader(path, format), names);
    }

    [Fact]
    public void Read_HeaderLongerThanOneBufferWithQuotesAcrossTheBoundary_IsReadWhole()
    {
        var names = Enumerable.Range(0, 9000).Select(i => i % 7 == 0 ? $"\"col \"\"{i}\"\"\"" : $"col_{i}").ToList();
        var path = Temp.File("wide.csv", string.Join(',', names) + "\n" + string.Join(',', names.Select(_ => "1")) + "\n");

        var header = CsvHeader.Read(path, CsvSourceFormat.Default, "wide.csv");

        Assert.Equal(9000, header.Count);
        Assert.Equal("col \"7\"", header[7]);
        Assert.Equal(FullReaderHeader(path, CsvSourceFormat.Default), header);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF\n1,2\n")]
    [InlineData(" , \n")]
    public void Read_EmptyHeader_FailsNamingTheFile(string text)
    {
        var path = Temp.File("empty.csv", text);

        var error = Assert.Throws<RawLoadException>(() => CsvHeader.Read(path, CsvSourceFormat.Default, "in/empty.csv"));

        Assert.Contains("in/empty.csv: the file is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuoteNeverClosed_FailsSayingWhatToFix()
    {
        var path = Temp.File("open.csv", "id,\"name\n1,a\n");

        var error = Assert.Throws<RawLoadException>(() => CsvHeader.Read(path, CsvSourceFormat.Default, "open.csv"));

        Assert.Contains("open.csv: line 1: the header opens a quoted name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Close the quote", error.Message, StringComparison.Ordinal);
    }

    private static List<string> FullReaderHeader(string path, CsvSourceFormat format)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, format.ReaderOptions(hasHeader: true));
        reader.ReadHeader();
        return reader.Headers!.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
    }
}
