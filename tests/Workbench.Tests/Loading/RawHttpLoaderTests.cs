using System.Globalization;
using System.Web;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Http;
using Workbench.Tests.Support;

namespace Workbench.Tests.Loading;

public sealed class RawHttpLoaderTests : TempDirectoryTest
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
              - name: kind
                logicalType: string
              - name: user__id
                logicalType: integer
        """).Contract!;

    private static string Page(params int[] ids) =>
        "{\"data\": [" + string.Join(", ", ids.Select(i => $"{{\"id\": {i}, \"kind\": \"k{i}\", \"user\": {{\"id\": {i * 10}}}}}")) + "]}";

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_PagedApi_RetriesServerErrors_KeepsEachResponseAsAFile_AndLoadsEveryPage(string engine)
    {
        await using var server = new LocalJsonServer((url, n) =>
        {
            var page = int.Parse(HttpUtility.ParseQueryString(url.Query)["page"] ?? "1", CultureInfo.InvariantCulture);
            return Task.FromResult(n == 1 ? (503, "{\"error\": \"warming up\"}") : page switch
            {
                1 => (200, Page(1, 2)),
                2 => (200, Page(3)),
                _ => (200, "{\"data\": []}"),
            });
        });
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        using var http = new HttpClient();
        var loader = new RawHttpLoader(warehouse, new RawLoadOptions(Temp.Path), http, [Contract]);
        var source = new HttpJsonSource { Url = new Uri(server.BaseUrl, "events"), RecordsPath = "data", PageParameter = "page", FirstBackoff = TimeSpan.FromMilliseconds(10) };

        var results = await loader.LoadAsync("events", source, "bronze", run: "run-1");

        Assert.Equal(4, server.Requests.Count); // page 1 twice (503, then 200), 2, 3
        Assert.Equal([2L, 1L], results.Select(r => r.RowsLoaded)); // the empty page that ended paging is kept as a file, not loaded
        Assert.Equal(["bronze/events/run-1/page-00001.json", "bronze/events/run-1/page-00002.json"], results.Select(r => r.Source));
        Assert.True(File.Exists(Path.Combine(Temp.Path, "bronze", "events", "run-1", "page-00003.json")));
        Assert.True(File.Exists(Path.Combine(Temp.Path, "bronze", "events", "run-1", "page-00002.json")));
        Assert.Equal([10L, 20L, 30L], (await warehouse.QueryAsync("SELECT user__id FROM raw.events ORDER BY id")).Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Load_SameResponsesFetchedAgain_AreSkipped()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, Page(1, 2))));
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        using var http = new HttpClient();
        var loader = new RawHttpLoader(warehouse, new RawLoadOptions(Temp.Path), http, [Contract]);
        var source = new HttpJsonSource { Url = new Uri(server.BaseUrl, "events"), RecordsPath = "data" };

        await loader.LoadAsync("events", source, "bronze", run: "a");
        var again = await loader.LoadAsync("events", source, "bronze", run: "b");

        Assert.Equal(RawBatchStatus.Skipped, Assert.Single(again).Status);
        Assert.Equal(2L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM raw.events"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Load_Untyped_PageParamPaging_EndsAtTheEmptyLastPage_AndLoadsIsoTimestampsWithZOrAnOffsetAsUtc(string engine)
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, HttpUtility.ParseQueryString(url.Query)["page"] switch
        {
            "1" => "{\"data\": [{\"id\": 1, \"seen_at\": \"2024-03-01T10:00:00Z\"}, {\"id\": 2, \"seen_at\": \"2024-03-01T10:00:00+02:00\"}]}",
            "2" => "{\"data\": [{\"id\": 3, \"seen_at\": \"2024-03-01 10:00:00.5-0500\"}]}",
            _ => "{\"data\": []}",
        })));
        var typed = ContractParser.Parse("contracts/raw/stamps.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: raw.stamps
            version: 1.0.0
            status: active
            schema:
              - name: stamps
                physicalName: raw.stamps
                properties:
                  - name: id
                    logicalType: integer
                  - name: seen_at
                    logicalType: timestamp
            """).Contract!;
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        using var http = new HttpClient();
        var source = new HttpJsonSource { Url = new Uri(server.BaseUrl, "s"), RecordsPath = "data", PageParameter = "page" };

        var untyped = await new RawHttpLoader(warehouse, new RawLoadOptions(Temp.Path), http).LoadAsync("loose", source, "bronze", run: "u");
        var stamped = await new RawHttpLoader(warehouse, new RawLoadOptions(Temp.Path), http, [typed]).LoadAsync("stamps", source, "bronze", run: "t");

        Assert.Equal([2L, 1L], untyped.Select(r => r.RowsLoaded));
        Assert.All(stamped, r => Assert.Equal(0, r.RowsRejected));
        var at = (await warehouse.QueryAsync("SELECT seen_at FROM raw.stamps ORDER BY id")).Rows.Select(r => Convert.ToDateTime(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([new DateTime(2024, 3, 1, 10, 0, 0), new DateTime(2024, 3, 1, 8, 0, 0), new DateTime(2024, 3, 1, 15, 0, 0, 500)], at);
    }

    [Fact]
    public async Task Fetch_ACursorThatNeverChanges_FailsAtItsSecondRepeat_NamingIt()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, "{\"items\": [{\"id\": 1}], \"meta\": {\"next\": \"same\"}}")));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<RawLoadException>(() => new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "items"), RecordsPath = "items", CursorPath = "meta.next" }, Path.Combine(Temp.Path, "bronze")));

        Assert.InRange(server.Requests.Count, 2, 3);
        Assert.Contains("cursor=same", error.Message, StringComparison.Ordinal);
        Assert.Contains("not advancing", error.Message, StringComparison.Ordinal);
        Assert.Contains("--cursor-path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_PastItsSizeLimit_StopsWithoutLoading_SayingWhichOption()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, "{\"data\": [" + string.Join(", ", Enumerable.Range(0, 5_000).Select(i => $"{{\"id\": {i}}}")) + "]}")));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<RawLoadException>(() => new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "big"), RecordsPath = "data", MaxBytes = 10_000 }, Path.Combine(Temp.Path, "bronze")));

        Assert.Contains("--max-mb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_CursorPaging_FollowsTheCursorUntilItIsEmpty()
    {
        await using var server = new LocalJsonServer((url, n) =>
        {
            var cursor = HttpUtility.ParseQueryString(url.Query)["after"];
            return Task.FromResult((200, cursor switch
            {
                null => "{\"items\": [{\"id\": 1}], \"meta\": {\"next\": \"c2\"}}",
                "c2" => "{\"items\": [{\"id\": 2}], \"meta\": {\"next\": \"c3\"}}",
                _ => "{\"items\": [{\"id\": 3}], \"meta\": {\"next\": null}}",
            }));
        });
        using var http = new HttpClient();

        var pages = await new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "items"), RecordsPath = "items", CursorPath = "meta.next", CursorParameter = "after" },
            Path.Combine(Temp.Path, "bronze"));

        Assert.Equal(3, pages.Count);
        Assert.Equal("?after=c3", pages[2].Url.Query);
    }

    [Fact]
    public async Task Fetch_SlowAnswer_IsATimeoutThatIsRetried()
    {
        await using var server = new LocalJsonServer(async (url, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            return (200, "[{\"id\": 1}]");
        });
        using var http = new HttpClient();

        var pages = await new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "slow"), Timeout = TimeSpan.FromMilliseconds(300), FirstBackoff = TimeSpan.FromMilliseconds(10) },
            Path.Combine(Temp.Path, "bronze"));

        Assert.Equal(2, Assert.Single(pages).Attempts);
    }

    [Fact]
    public async Task Fetch_ClientError_IsNotRetried_AndSaysTheStatusAndBody()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((404, "{\"error\": \"no such endpoint\"}")));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<RawLoadException>(() => new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "nope") }, Path.Combine(Temp.Path, "bronze")));

        Assert.Single(server.Requests);
        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ServerErrorEveryTime_GivesUpAfterTheAttempts_ListingEachFailure()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((500, "oops")));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<RawLoadException>(() => new HttpJsonFetcher(http).FetchAsync(
            new HttpJsonSource { Url = new Uri(server.BaseUrl, "down"), MaxAttempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(5) }, Path.Combine(Temp.Path, "bronze")));

        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("failed 3 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_AnswerThatIsNotJson_FailsNamingTheUrlAndLine_AfterKeepingTheResponse()
    {
        await using var server = new LocalJsonServer((url, n) => Task.FromResult((200, "<html>\n<body>maintenance</body></html>")));
        using var http = new HttpClient();
        var bronze = Path.Combine(Temp.Path, "bronze");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => new HttpJsonFetcher(http).FetchAsync(new HttpJsonSource { Url = new Uri(server.BaseUrl, "page") }, bronze));

        Assert.Contains("is not JSON (line 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/page", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(bronze, "page-00001.json")), "the response is kept, so the odd answer can be looked at");
    }
}
