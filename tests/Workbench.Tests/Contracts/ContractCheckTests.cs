using Workbench.Contracts;
using Workbench.Tests.Support;

namespace Workbench.Tests.Contracts;

public sealed class ContractCheckTests : TempDirectoryTest
{
    private const string Contract = """
        apiVersion: v3.1.0
        kind: DataContract
        id: checks
        version: 1.0.0
        status: active
        schema:
          - name: customers
            physicalName: shop.customers
            properties:
              - name: id
                logicalType: integer
                primaryKey: true
          - name: orders
            physicalName: shop.orders
            properties:
              - name: id
                logicalType: integer
                primaryKey: true
              - name: customer_id
                logicalType: integer
                relationships:
                  - to: customers.id
              - name: code
                logicalType: string
                required: true
                logicalTypeOptions:
                  pattern: "^[A-Z]{3}$"
                  maxLength: 3
              - name: amount
                logicalType: number
                logicalTypeOptions:
                  minimum: 0
                  maximum: 100
              - name: placed_on
                logicalType: date
                logicalTypeOptions:
                  minimum: "2024-01-01"
              - name: status
                logicalType: string
                quality:
                  - metric: invalidValues
                    arguments:
                      validValues: [new, paid]
                    mustBe: 0
                  - metric: nullValues
                    unit: percent
                    mustBeLessThan: 10
                    severity: warning
                  - metric: missingValues
                    arguments:
                      missingValues: [null, "", "n/a"]
                    mustBeLessOrEqualTo: 1
            quality:
              - metric: rowCount
                mustBeBetween: [1, 3]
              - metric: duplicateValues
                arguments:
                  properties: [customer_id, code]
                mustBe: 0
              - type: sql
                query: SELECT COUNT(*) FROM {object} WHERE amount > 50
                mustBe: 0
                severity: warning
        """;

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_EveryRuleKind_MeasuresTheOffendingRowsOnTheEngine(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;
        await warehouse.ExecuteAsync("CREATE SCHEMA shop");
        await warehouse.ExecuteAsync("CREATE TABLE shop.customers (id BIGINT)");
        await warehouse.ExecuteAsync("INSERT INTO shop.customers VALUES (1), (2)");
        await warehouse.ExecuteAsync("CREATE TABLE shop.orders (id BIGINT, customer_id BIGINT, code VARCHAR(10), amount DECIMAL(10,2), placed_on DATE, status VARCHAR(10))");
        await warehouse.ExecuteAsync("""
            INSERT INTO shop.orders VALUES
              (1, 1, 'ABC', 10, DATE '2024-02-01', 'new'),
              (1, 9, 'abcd', 120, DATE '2023-12-31', 'lost'),
              (2, 2, NULL, 60, DATE '2024-03-01', NULL),
              (3, 1, 'ABC', -1, DATE '2024-03-02', 'n/a')
            """);

        var results = await new ContractCheckRunner(warehouse).RunAsync(ContractCheckCompiler.Compile(contract, warehouse.Dialect));

        var byName = results.ToDictionary(r => r.Check.Name);
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.True(byName["customers.id primaryKey"].Passed);
        Assert.Equal(1, byName["orders.id primaryKey"].Measured);
        Assert.Equal(1, byName["orders.customer_id relationship"].Measured);
        Assert.Equal(9L, Convert.ToInt64(byName["orders.customer_id relationship"].Sample.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, byName["orders.code required"].Measured);
        Assert.Equal(1, byName["orders.code pattern"].Measured);
        Assert.Equal(1, byName["orders.code maxLength"].Measured);
        Assert.Equal(1, byName["orders.amount minimum"].Measured);
        Assert.Equal(1, byName["orders.amount maximum"].Measured);
        Assert.Equal(1, byName["orders.placed_on minimum"].Measured);
        Assert.Equal(2, byName["orders.status invalidValues"].Measured); // 'lost' and 'n/a'; NULL is not invalid
        Assert.Equal(25, byName["orders.status nullValues"].Measured);
        Assert.False(byName["orders.status nullValues"].Passed);
        Assert.Equal(2, byName["orders.status missingValues"].Measured);
        Assert.Equal(4, byName["orders rowCount"].Measured);
        Assert.False(byName["orders rowCount"].Passed);
        Assert.Equal(1, byName["orders duplicateValues"].Measured);
        Assert.Equal(2, byName["orders sql"].Measured);
        Assert.Contains("FAIL orders.code pattern", byName["orders.code pattern"].ToString(), StringComparison.Ordinal);
        Assert.Contains("c.odcs.yaml:", byName["orders.code pattern"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CheckOnAMissingTable_IsAFailureThatSaysWhy()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;

        var results = await new ContractCheckRunner(warehouse).RunAsync(ContractCheckCompiler.Compile(contract, warehouse.Dialect));

        Assert.All(results, r => Assert.False(r.Passed));
        Assert.Contains("does table 'orders' exist", results.First(r => r.Check.Table == "orders").Error, StringComparison.Ordinal);
    }
}
