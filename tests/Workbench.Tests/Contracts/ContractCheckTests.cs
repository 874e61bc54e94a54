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

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_RulesOfOneTable_ShareOneScan_AndARuleThatCannotRun_FailsAlone(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;
        await warehouse.ExecuteAsync("CREATE SCHEMA shop");
        await warehouse.ExecuteAsync("CREATE TABLE shop.customers (id BIGINT)");
        // No status column: its three rules cannot run; the table's other rules are still measured.
        await warehouse.ExecuteAsync("CREATE TABLE shop.orders (id BIGINT, customer_id BIGINT, code VARCHAR(10), amount DECIMAL(10,2), placed_on DATE)");
        await warehouse.ExecuteAsync("INSERT INTO shop.orders VALUES (1, NULL, 'ABC', 10, DATE '2024-02-01'), (2, NULL, NULL, 500, DATE '2024-02-01')");
        var checks = ContractCheckCompiler.Compile(contract, warehouse.Dialect);

        var results = (await new ContractCheckRunner(warehouse).RunAsync(checks)).ToDictionary(r => r.Check.Name);

        var scanned = checks.Where(c => c.Table == "orders" && c.ScanFrom is not null).ToList();
        Assert.True(scanned.Count >= 8, "the row-level rules, metrics and row count of orders are aggregates over it");
        Assert.Single(scanned.Select(c => c.ScanFrom).Distinct());
        Assert.All(new[] { "orders.status invalidValues", "orders.status nullValues", "orders.status missingValues" }, name =>
        {
            Assert.Equal(CheckStatus.Error, results[name].Status);
            Assert.Contains("status", results[name].Error, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(1, results["orders.code required"].Measured);
        Assert.Equal(1, results["orders.amount maximum"].Measured);
        Assert.Equal(0, results["orders.amount minimum"].Measured);
        Assert.Equal(2, results["orders rowCount"].Measured);
        Assert.Equal(CheckStatus.Failed, results["orders.code required"].Status);
        Assert.Equal(2L, Convert.ToInt64(results["orders.code required"].Sample.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture)); // the offending row itself
        Assert.Equal(CheckStatus.Passed, results["orders.code pattern"].Status);
    }

    private const string Customers = """
        apiVersion: v3.1.0
        kind: DataContract
        id: crm
        version: 1.0.0
        status: active
        schema:
          - name: customers
            physicalName: crm.customers
            properties:
              - name: id
                logicalType: integer
              - name: email
                logicalType: string
                classification: pii
                unique: true
              - name: city
                logicalType: string
            quality:
              - type: text
                description: Every customer has ordered at least once.
        """;

    [Fact]
    public async Task ContractTest_FromTheCommandLine_MasksSensitiveValues_AndListsSkippedRules_InOutputAndJUnit()
    {
        Temp.File("workbench.yaml", "name: crm\n");
        Temp.File("contracts/crm.odcs.yaml", Customers);
        await using (var warehouse = await Workbench.Warehouse.WarehouseConnection.OpenAsync(new Workbench.Warehouse.WarehouseOptions(Workbench.Warehouse.WarehouseEngine.DuckDb, Path.Combine(Temp.Path, "w.duckdb"))))
        {
            await warehouse.ExecuteAsync("CREATE SCHEMA crm; CREATE TABLE crm.customers (id BIGINT, email VARCHAR, city VARCHAR); INSERT INTO crm.customers VALUES (1, 'ada@example.com', 'Leeds'), (2, 'ada@example.com', 'York')");
        }

        var run = await WorkbenchCommand.RunAsync(Temp.Path, "contract", "test", "--warehouse", "duckdb:w.duckdb", "--junit", "out/contracts.xml");
        var junit = await File.ReadAllTextAsync(Path.Combine(Temp.Path, "out", "contracts.xml"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL customers.email unique: offending rows = 1, must be = 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("***", run.Output, StringComparison.Ordinal);
        Assert.Contains("SKIP customers text: not run: a text rule states an expectation in words", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 rule(s) skipped", run.Output, StringComparison.Ordinal);
        Assert.Contains("<skipped", junit, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", run.Output + run.Error + junit, StringComparison.Ordinal);

        var onCi = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, Temp.Path, new Dictionary<string, string> { ["CI"] = "true" }, "contract", "test", "--warehouse", "duckdb:w.duckdb", "--show-sensitive");
        var local = await WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, Temp.Path, new Dictionary<string, string> { ["CI"] = "false" }, "contract", "test", "--warehouse", "duckdb:w.duckdb", "--show-sensitive", "--junit", "out/local.xml");

        Assert.Equal(2, onCi.ExitCode);
        Assert.Contains("--show-sensitive is for a person at a local terminal, and CI is set", onCi.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", onCi.Output + onCi.Error, StringComparison.Ordinal);
        Assert.Contains("ada@example.com", local.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", await File.ReadAllTextAsync(Path.Combine(Temp.Path, "out", "local.xml")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Run_DataTestThatWrites_IsRefusedAndChangesNothing(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA shop; CREATE TABLE shop.t (id BIGINT); INSERT INTO shop.t VALUES (1), (2); CREATE SEQUENCE shop.s");
        Workbench.Quality.DataTest Test(string name, string sql) => new(name, $"sql/tests/{name}.sql", sql, Workbench.Quality.Severity.Error, null);

        var results = await new Workbench.Quality.DataTestRunner(warehouse).RunAsync(
        [
            Test("deletes", "DELETE FROM shop.t"),
            Test("two_statements", "SELECT * FROM shop.t; DROP TABLE shop.t"),
            Test("sequence", "SELECT nextval('shop.s') AS n"),
            Test("reads", "SELECT * FROM shop.t WHERE id > 1"),
        ]);

        var byName = results.ToDictionary(r => r.Test.Name);
        Assert.Contains("refused, not executed", byName["deletes"].Error, StringComparison.Ordinal);
        Assert.Contains("refused, not executed", byName["two_statements"].Error, StringComparison.Ordinal);
        Assert.Contains("refused: the test tried to change the warehouse", byName["sequence"].Error, StringComparison.Ordinal);
        Assert.Equal(1, byName["reads"].FailingRows);
        Assert.Equal(2L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM shop.t"));
    }
}
