using Workbench.Contracts;
using Workbench.Tests.Support;

namespace Workbench.Tests.Contracts;

public sealed class ContractFreshnessTests : TempDirectoryTest
{
    private const string Contract = """
        apiVersion: v3.1.0
        kind: DataContract
        id: fresh
        version: 1.0.0
        status: active
        slaDefaultElement: events.happened_at
        schema:
          - name: events
            physicalName: shop.events
            properties:
              - name: happened_at
                logicalType: timestamp
              - name: happened_on
                logicalType: date
        slaProperties:
          - property: latency
            value: 2
            unit: d
          - property: freshness
            value: 36
            unit: hours
            element: events.happened_on
          - property: retention
            value: 1
            unit: y
        """;

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Freshness_NewestValueWithinTheSla_Passes_AndOlderFails_MeasuredInTheSlaUnit(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;
        await warehouse.ExecuteAsync("CREATE SCHEMA shop");
        await warehouse.ExecuteAsync("CREATE TABLE shop.events (happened_at TIMESTAMP, happened_on DATE)");
        await warehouse.ExecuteAsync("INSERT INTO shop.events VALUES (TIMESTAMP '2024-12-30 12:00:00', DATE '2024-12-29'), (TIMESTAMP '2024-11-01 00:00:00', DATE '2024-11-01')");

        var checks = ContractCheckCompiler.Compile(contract, warehouse.Dialect, asOf: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var results = (await new ContractCheckRunner(warehouse).RunAsync(checks)).ToDictionary(r => r.Check.Name);

        Assert.Equal(2, results.Values.Count(r => r.Check.Kind == "freshness")); // retention is not a freshness promise
        var latency = results["events.happened_at latency"];
        Assert.Null(latency.Error);
        Assert.True(latency.Passed);
        Assert.Equal(1.5m, latency.Measured); // 36 hours = 1.5 days
        var freshness = results["events.happened_on freshness"];
        Assert.False(freshness.Passed);
        Assert.Equal(72m, freshness.Measured); // 3 days in hours
        Assert.Equal("hours", freshness.Check.Unit);
        Assert.Equal(1, freshness.Sample.RowCount); // the newest value and the as-of time, to show how stale it is
        Assert.Contains("c.odcs.yaml:", freshness.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Freshness_EmptyTable_Fails(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;
        await warehouse.ExecuteAsync("CREATE SCHEMA shop");
        await warehouse.ExecuteAsync("CREATE TABLE shop.events (happened_at TIMESTAMP, happened_on DATE)");

        var results = await new ContractCheckRunner(warehouse).RunAsync(ContractCheckCompiler.Compile(contract, warehouse.Dialect));

        Assert.All(results.Where(r => r.Check.Kind == "freshness"), r => Assert.False(r.Passed));
    }

    [Theory]
    [InlineData("value: 1\n    unit: fortnights\n    element: events.happened_at", "unit 'fortnights' is not a time unit")]
    [InlineData("value: soon\n    unit: d\n    element: events.happened_at", "value 'soon' is not a non-negative number")]
    [InlineData("value: 1\n    unit: d\n    element: events.name", "is a string column, so it is not checked: freshness is the age of the newest value of a date or timestamp column")]
    [InlineData("value: 1\n    unit: d\n    element: events.happend_at", "did you mean 'events.happened_at'?")]
    [InlineData("value: 1\n    unit: d", "needs 'element: table.column'")]
    public void Parse_UncheckableFreshnessSla_IsAWarningAndASkippedCheckSayingWhy(string body, string expected)
    {
        var text = $"""
            apiVersion: v3.1.0
            kind: DataContract
            id: fresh
            version: 1.0.0
            status: active
            schema:
              - name: events
                properties:
                  - name: happened_at
                    logicalType: timestamp
                  - name: name
                    logicalType: string
            slaProperties:
              - property: latency
                {body}
            """;

        var result = ContractParser.Parse("c.odcs.yaml", text);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Warning, problem.Severity); // valid ODCS: the standard leaves unit and element free
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        var skipped = Assert.Single(ContractCheckCompiler.Compile(result.Contract!, Workbench.Warehouse.DuckDbDialect.Instance), c => c.SkipReason is not null);
        Assert.Contains(expected, skipped.SkipReason, StringComparison.Ordinal);
        Assert.True(problem.Location.Line >= 13, problem.ToString());
    }
}
