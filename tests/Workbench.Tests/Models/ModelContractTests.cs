using Workbench.Contracts;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

/// <summary>Table models with a contract are built into a table made from it (enforced model contracts).</summary>
public sealed class ModelContractTests : TempDirectoryTest
{
    private static readonly DataContract Contract = ContractParser.Parse("contracts/s/t.odcs.yaml", """
        apiVersion: v3.1.0
        kind: DataContract
        id: s.t
        version: 1.0.0
        status: active
        schema:
          - name: t
            physicalName: s.t
            properties:
              - name: id
                logicalType: integer
                physicalType: BIGINT
                required: true
              - name: amount
                logicalType: number
                physicalType: DECIMAL(10,2)
              - name: label
                logicalType: string
        """).Contract!;

    private ModelRunner Runner(Workbench.Warehouse.WarehouseConnection warehouse) => new(warehouse) { Contracts = [Contract] };

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_ModelWithAContract_CreatesTheTableFromIt_RequiredColumnsNotNull(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("sql/s/t.sql", "SELECT 'a' AS label, 1 AS id, 2.5 AS amount");

        var summary = await Runner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));

        Assert.Equal(ModelStatus.Succeeded, summary.Results.Single().Status);
        var columns = await warehouse.QueryAsync("SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 's' AND table_name = 't' ORDER BY ordinal_position");
        Assert.Equal(["id", "amount", "label"], columns.Column<string>("column_name")); // the contract's order
        Assert.Equal("NO", columns.Rows[0][1]);
        Assert.Equal("YES", columns.Rows[1][1]);
        Assert.Equal(LogicalType.Number, Workbench.Warehouse.SqlDialect.AnyLogicalTypeOf((string)columns.Rows[1][2]!));
        Assert.Empty(await ContractConformance.CheckAsync(warehouse, Contract, Contract.Schema[0]));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_ModelWhoseColumnsDifferFromItsContract_FailsNamingThem_AndKeepsThePreviousTable(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var model = Temp.File("sql/s/t.sql", "SELECT 1 AS id, 2.5 AS amount, 'a' AS label");
        await Runner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));
        File.WriteAllText(model, "SELECT 2 AS id, 'b' AS title");

        var result = (await Runner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]))).Results.Single();

        Assert.Equal(ModelStatus.Failed, result.Status);
        Assert.Contains("returns no column(s) amount, label, which the contract declares", result.Error, StringComparison.Ordinal);
        Assert.Contains("returns column(s) title, which the contract does not declare", result.Error, StringComparison.Ordinal);
        Assert.Contains("contracts/s/t.odcs.yaml", result.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await warehouse.ScalarAsync<long>("SELECT id FROM s.t"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Build_NullInARequiredColumn_FailsTheBuild_AndKeepsThePreviousTable(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var model = Temp.File("sql/s/t.sql", "SELECT 1 AS id, 2.5 AS amount, 'a' AS label");
        await Runner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]));
        File.WriteAllText(model, "SELECT CAST(NULL AS BIGINT) AS id, 1.0 AS amount, 'x' AS label");

        var result = (await Runner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["raw"]))).Results.Single();

        Assert.Equal(ModelStatus.Failed, result.Status);
        Assert.Contains("sql/s/t.sql", result.Error, StringComparison.Ordinal);
        Assert.Contains("id", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("a", await warehouse.ScalarAsync<string>("SELECT label FROM s.t"));
    }
}
