using Workbench.Contracts;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Contracts;

public sealed class ContractDdlTests : TempDirectoryTest
{
    private const string Contract = """
        apiVersion: v3.1.0
        kind: DataContract
        id: ddl
        version: 1.0.0
        status: active
        schema:
          - name: items
            physicalName: shop.items
            properties:
              - name: order_id
                logicalType: integer
                primaryKey: true
                primaryKeyPosition: 1
              - name: line
                logicalType: integer
                logicalTypeOptions:
                  format: i32
                primaryKey: true
                primaryKeyPosition: 2
              - name: sku
                logicalType: string
                required: true
                logicalTypeOptions:
                  maxLength: 12
              - name: price
                physicalType: DECIMAL(12,2)
              - name: weight
                logicalType: number
              - name: shipped
                logicalType: boolean
              - name: shipped_on
                logicalType: date
              - name: note
                logicalType: string
        """;

    [Fact]
    public void ColumnType_PhysicalTypeWins_ElseTheLogicalTypeIsMappedPerEngine()
    {
        var table = ContractParser.Parse("c.odcs.yaml", Contract).Contract!.Schema[0];
        string Type(string name, WarehouseEngine engine) => ContractDdl.ColumnType(table.Properties.Single(p => p.Name == name), SqlDialect.For(engine));

        Assert.Equal("BIGINT", Type("order_id", WarehouseEngine.DuckDb));
        Assert.Equal("INTEGER", Type("line", WarehouseEngine.Postgres));
        Assert.Equal("VARCHAR(12)", Type("sku", WarehouseEngine.Postgres));
        Assert.Equal("DECIMAL(12,2)", Type("price", WarehouseEngine.DuckDb));
        Assert.Equal("DOUBLE", Type("weight", WarehouseEngine.DuckDb));
        Assert.Equal("DOUBLE PRECISION", Type("weight", WarehouseEngine.Postgres));
        Assert.Equal("TEXT", Type("note", WarehouseEngine.Postgres));
        Assert.Equal("VARCHAR", Type("note", WarehouseEngine.DuckDb));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Generate_CreatesATableTheEngineAccepts_WithKeysAndNotNull(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var contract = ContractParser.Parse("c.odcs.yaml", Contract).Contract!;

        await warehouse.ExecuteAsync(ContractDdl.Generate(contract, warehouse.Dialect));
        await warehouse.ExecuteAsync(ContractDdl.Generate(contract, warehouse.Dialect)); // idempotent

        Assert.Equal(["order_id", "line", "sku", "price", "weight", "shipped", "shipped_on", "note"], await warehouse.GetColumnsAsync(new TableName("shop", "items")));
        await warehouse.ExecuteAsync("INSERT INTO shop.items (order_id, line, sku) VALUES (1, 1, 'A')");
        var duplicateKey = await Assert.ThrowsAsync<Workbench.Errors.WarehouseException>(() => warehouse.ExecuteAsync("INSERT INTO shop.items (order_id, line, sku) VALUES (1, 1, 'B')"));
        var missingSku = await Assert.ThrowsAsync<Workbench.Errors.WarehouseException>(() => warehouse.ExecuteAsync("INSERT INTO shop.items (order_id, line) VALUES (1, 2)"));
        Assert.Contains("sku", missingSku.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(duplicateKey.InnerException);
    }
}
