using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

/// <summary>`workbench load` as a user runs it.</summary>
public sealed class LoadCommandTests : TempDirectoryTest
{
    private const string Contract = """
        apiVersion: v3.1.0
        kind: DataContract
        id: raw.orders
        version: 1.0.0
        status: active
        schema:
          - name: orders
            physicalName: raw.orders
            properties:
              - name: order_id
                logicalType: integer
                required: true
              - name: status
                logicalType: string
        """;

    [Fact]
    public async Task LoadCsv_TwiceWithAGlob_LoadsThenSkips_AndSummarisesRejects()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        Temp.File("data/orders/2024-01.csv", "order_id,status\n1,placed\nx,placed\n");
        Temp.File("data/orders/2024-02.csv", "order_id,status\n3,shipped\n");
        string[] args = ["load", "csv", "orders", "orders/*.csv", "--root", "data", "--warehouse", "duckdb:w.duckdb", "--max-rejected", "0.5"];

        var first = await WorkbenchCommand.RunAsync(Temp.Path, args);
        var second = await WorkbenchCommand.RunAsync(Temp.Path, args);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("loaded  raw.orders <- orders/2024-01.csv: read 2, loaded 1, rejected 1", first.Output, StringComparison.Ordinal);
        Assert.Contains("2 batch(es): 2 loaded, 0 skipped; 2 rows loaded, 1 rejected (see raw._rejects)", first.Output, StringComparison.Ordinal);
        Assert.Single((first.Output + first.Error).Split('\n'), l => l.Contains("orders/2024-01.csv", StringComparison.Ordinal)); // one line per file, not a progress line and then its result
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("2 batch(es): 0 loaded, 2 skipped", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCsv_WithAnEncoding_DecodesTheFile_AndAnUnknownOneIsAUsageErrorListingTheKnownOnes()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        Temp.File("data/orders.csv", string.Empty);
        await File.WriteAllBytesAsync(Path.Combine(Temp.Path, "data", "orders.csv"), System.Text.Encoding.Latin1.GetBytes("order_id,status\n1,Jürgen\n"));
        string[] Args(string encoding) => ["load", "csv", "orders", "orders.csv", "--root", "data", "--warehouse", "duckdb:w.duckdb", "--encoding", encoding, "--quiet"];

        var asUtf8 = await WorkbenchCommand.RunAsync(Temp.Path, [.. Args("utf-8"), "--max-rejected", "1"]);
        var asLatin1 = await WorkbenchCommand.RunAsync(Temp.Path, [.. Args("latin1"), "--full-refresh"]);
        var unknown = await WorkbenchCommand.RunAsync(Temp.Path, Args("ebcdic"));

        Assert.True(asUtf8.ExitCode == 0, asUtf8.Error);
        Assert.Contains("read 1, loaded 0, rejected 1", asUtf8.Output, StringComparison.Ordinal);
        Assert.True(asLatin1.ExitCode == 0, asLatin1.Error);
        Assert.Contains("read 1, loaded 1, rejected 0", asLatin1.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown encoding 'ebcdic'. Use one of: utf-8, latin1, windows-1252, utf-16.", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCsv_FrozenTableAndANewColumn_ExitsNonZeroNamingTheColumn()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        Temp.File("data/orders.csv", "order_id,status,coupon\n1,placed,X\n");

        var result = await WorkbenchCommand.RunAsync(Temp.Path, "load", "csv", "orders", "orders.csv", "--root", "data", "--warehouse", "duckdb:w.duckdb", "--schema-mode", "freeze");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: orders.csv: column(s) 'coupon' (field 3)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // a message, not a stack trace
        var verbose = await WorkbenchCommand.RunAsync(Temp.Path, "load", "csv", "orders", "orders.csv", "--root", "data", "--warehouse", "duckdb:w.duckdb", "--schema-mode", "freeze", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at Workbench.", verbose.Error, StringComparison.Ordinal); // asked for: the trace to report
    }

    [Fact]
    public async Task LoadCsv_BrokenContract_LoadsNothingAndPointsAtTheProblem()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract.Replace("logicalType: integer", "logicalType: int", StringComparison.Ordinal));
        Temp.File("data/orders.csv", "order_id,status\n1,placed\n");

        var result = await WorkbenchCommand.RunAsync(Temp.Path, "load", "csv", "orders", "orders.csv", "--root", "data", "--warehouse", "duckdb:w.duckdb");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("orders.odcs.yaml:11:22: error: logicalType 'int'", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was loaded", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Temp.Path, "w.duckdb")));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task LoadCsv_KilledInTheMiddle_LeavesTheRawTableAsItWas(string engine)
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        Temp.File("data/small.csv", "order_id,status\n1,placed\n2,placed\n");
        var big = Path.Combine(Temp.Path, "data", "big.csv");
        // DuckDB loads a few million short rows in a fraction of a second: give it enough to still be writing when
        // killed. DuckDB writes the file in well under a second, where writing it line by line took a minute on CI.
        var rows = engine == "duckdb" ? 8_000_000 : 2_000_000;
        await using (var writer = await Workbench.Warehouse.WarehouseConnection.OpenAsync(Workbench.Warehouse.WarehouseOptions.ForDuckDb(":memory:")))
        {
            await writer.ExecuteAsync($"COPY (SELECT range AS order_id, 'placed-' || (range % 7) AS status FROM range({rows})) TO '{big}' (HEADER, DELIMITER ',')");
        }

        await using var test = await Engines.CreateAsync(engine, Temp);
        var warehouse = test.Options.Dialect.Name + ":" + test.Options.Location;
        var loaded = await WorkbenchCommand.RunAsync(Temp.Path, "load", "csv", "orders", "small.csv", "--root", "data", "--warehouse", warehouse, "--quiet");
        Assert.True(loaded.ExitCode == 0, loaded.Error);

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = Temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["WORKBENCH_LOAD_TRACE"] = "1"; // phase marks on stderr tell when rows are being written
        foreach (var argument in new[] { Path.Combine(Repository.Root, "artifacts", "bin", "workbench", "Workbench.Cli.dll"), "load", "csv", "orders", "big.csv", "--root", "data", "--warehouse", warehouse })
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            string? line;
            while ((line = await process.StandardError.ReadLineAsync()) is not null && !line.Contains("ensure table", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line); // the batch's table is ready and its rows are being written now
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            Assert.False(process.HasExited, "the load finished before it could be killed; make the file bigger");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await using (var opened = await test.OpenAsync())
        {
            Assert.Equal(2L, await opened.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders"));
            Assert.Equal(1L, await opened.ScalarAsync<long>("SELECT COUNT(*) FROM raw._batches"));
            // dlt's rule: a row counts only when its batch is recorded complete; no row of the killed batch is left.
            Assert.Equal(0L, await opened.ScalarAsync<long>("SELECT COUNT(*) FROM raw.orders AS o WHERE NOT EXISTS (SELECT 1 FROM raw._batches AS b WHERE b.batch_id = o._batch_id AND b.status = 'loaded')"));
        }

        var again = await WorkbenchCommand.RunAsync(Temp.Path, "load", "csv", "orders", "big.csv", "--root", "data", "--warehouse", warehouse, "--quiet");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains(engine == "duckdb" ? "loaded 8,000,000" : "loaded 2,000,000", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadHttp_AHeaderFromAnEnvironmentVariable_IsSent_AndItsValueIsNeverPrintedOrKept()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        const string token = "s3cret-token-4711";
        await using var server = new LocalJsonServer((url, n) => Task.FromResult(url.AbsolutePath.EndsWith("/denied", StringComparison.Ordinal)
            ? (401, $"{{\"error\": \"bad token\"}}")
            : (200, "{\"data\": [{\"order_id\": 1, \"status\": \"placed\"}]}")));
        var environment = new Dictionary<string, string> { ["API_TOKEN"] = token };
        string[] Args(string path) => ["load", "http", "orders", new Uri(server.BaseUrl, path).ToString(), "--records-path", "data", "--run", path, "--warehouse", "duckdb:w.duckdb",
            "--header", "Authorization: Bearer ${API_TOKEN}"];

        var ok = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, Temp.Path, environment, Args("orders"));
        var denied = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, Temp.Path, environment, Args("denied"));
        var unset = await WorkbenchCommand.RunAsync(Temp.Path, Args("orders"));

        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal($"Bearer {token}", server.Authorizations.First());
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("401", denied.Error, StringComparison.Ordinal);
        Assert.Contains("headers sent: Authorization", denied.Error, StringComparison.Ordinal);
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains("${API_TOKEN}", unset.Error, StringComparison.Ordinal);
        Assert.Contains("not set", unset.Error, StringComparison.Ordinal);
        foreach (var text in new[] { ok.Output, ok.Error, denied.Output, denied.Error }
            .Concat(Directory.EnumerateFiles(Temp.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".duckdb", StringComparison.Ordinal) && !f.EndsWith(".wal", StringComparison.Ordinal)).Select(File.ReadAllText)))
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }

        await using var warehouse = await Workbench.Warehouse.WarehouseConnection.OpenAsync(Workbench.Warehouse.WarehouseOptions.Parse("duckdb:" + Path.Combine(Temp.Path, "w.duckdb")));
        Assert.Equal(0L, await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM raw._batches AS b WHERE CAST(b AS VARCHAR) LIKE '%{token}%'"));
    }

    [Fact]
    public async Task LoadHttp_FromTheCommandLine_FetchesEveryPageIntoBronzeAndLoadsThem()
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, url.Query.Contains("page=2", StringComparison.Ordinal)
            ? "{\"data\": []}"
            : "{\"data\": [{\"order_id\": 1, \"status\": \"placed\"}]}")));

        var result = await WorkbenchCommand.RunAsync(Temp.Path, "load", "http", "orders", new Uri(server.BaseUrl, "orders").ToString(),
            "--records-path", "data", "--page-param", "page", "--run", "r1", "--warehouse", "duckdb:w.duckdb", "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 batch(es): 1 loaded, 0 skipped; 1 rows loaded", result.Output, StringComparison.Ordinal); // the empty last page ends paging, kept but not loaded
        Assert.True(File.Exists(Path.Combine(Temp.Path, "data", "bronze", "orders", "r1", "page-00001.json")));
        Assert.True(File.Exists(Path.Combine(Temp.Path, "data", "bronze", "orders", "r1", "page-00002.json")));
    }

    [Theory]
    [InlineData("http", "ftp://example.com/x", "is not an http:// or https:// URL")]
    [InlineData("postgres", "Host=127.0.0.1;Port=1;Timeout=3", "Cannot connect to the PostgreSQL source postgresql://127.0.0.1:1")]
    public async Task Load_FromASourceThatCannotBeReached_ExitsWithAMessage_NotAStackTrace(string kind, string where, string expected)
    {
        Temp.File("contracts/raw/orders.odcs.yaml", Contract);
        string[] args = kind == "http"
            ? ["load", "http", "orders", where, "--warehouse", "duckdb:w.duckdb"]
            : ["load", "postgres", "orders", "--source", where, "--from-table", "public.orders", "--warehouse", "duckdb:w.duckdb"];

        var result = await WorkbenchCommand.RunAsync(Temp.Path, args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
