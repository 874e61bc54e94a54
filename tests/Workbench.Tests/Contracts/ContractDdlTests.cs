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

    [Fact]
    public void ColumnType_AnotherEnginesPhysicalType_IsMappedOrRefusedAtItsLocation()
    {
        var table = ContractParser.Parse("types.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: types
            version: 1.0.0
            status: active
            schema:
              - name: t
                properties:
                  - name: ratio
                    physicalType: DOUBLE
                  - name: doc
                    physicalType: JSONB
                  - name: big
                    physicalType: HUGEINT
                  - name: scores
                    physicalType: DOUBLE[]
                  - name: address
                    physicalType: STRUCT(city VARCHAR)
                  - name: tags
                    logicalType: array
                    items:
                      logicalType: integer
                      logicalTypeOptions:
                        format: i32
            """).Contract!.Schema[0];
        string Type(string name, SqlDialect dialect) => ContractDdl.ColumnType(table.Properties.Single(p => p.Name == name), dialect);

        Assert.Equal("DOUBLE PRECISION", Type("ratio", PostgresDialect.Instance));
        Assert.Equal("DOUBLE", Type("ratio", DuckDbDialect.Instance));
        Assert.Equal("JSON", Type("doc", DuckDbDialect.Instance));
        Assert.Equal("NUMERIC(39,0)", Type("big", PostgresDialect.Instance));
        Assert.Equal("DOUBLE PRECISION[]", Type("scores", PostgresDialect.Instance));
        Assert.Equal("INTEGER[]", Type("tags", PostgresDialect.Instance));
        var refused = Assert.Throws<Workbench.Errors.ContractTypeException>(() => Type("address", PostgresDialect.Instance));
        Assert.StartsWith("types.odcs.yaml:17:9: address: physicalType STRUCT(city VARCHAR) cannot be created on postgres: PostgreSQL has no STRUCT type", refused.Message, StringComparison.Ordinal);
        Assert.Equal("STRUCT(city VARCHAR)", Type("address", DuckDbDialect.Instance));
    }

    [PostgresTheory]
    [InlineData("duckdb", "postgres")]
    [InlineData("postgres", "duckdb")]
    public async Task Import_OnOneEngine_WritesAContractWhoseTablesTheOtherEngineCreatesAndMatches(string from, string to)
    {
        using var sourceFolder = new TempDirectory();
        await using var source = await Engines.CreateAsync(from, sourceFolder);
        await using var sourceWarehouse = await source.OpenAsync();
        await sourceWarehouse.ExecuteAsync("CREATE SCHEMA shop");
        await sourceWarehouse.ExecuteAsync(from == "duckdb"
            ? "CREATE TABLE shop.t (id BIGINT NOT NULL, n INTEGER, small SMALLINT, ratio DOUBLE, weight REAL, price DECIMAL(10,2), big HUGEINT, code VARCHAR, sku VARCHAR(12), seen TIMESTAMP, seen_tz TIMESTAMPTZ, day DATE, ok BOOLEAN, doc JSON, tags BIGINT[], key UUID, data BLOB)"
            : "CREATE TABLE shop.t (id BIGINT NOT NULL, n INTEGER, small SMALLINT, ratio DOUBLE PRECISION, weight REAL, price NUMERIC(10,2), big NUMERIC(39,0), code TEXT, sku VARCHAR(12), seen TIMESTAMP, seen_tz TIMESTAMPTZ, day DATE, ok BOOLEAN, doc JSONB, tags BIGINT[], key UUID, data BYTEA)");

        var yaml = await ContractScaffold.FromTablesAsync(sourceWarehouse, "shop.t", [new TableName("shop", "t")]);
        var parsed = ContractParser.Parse("t.odcs.yaml", yaml);

        Assert.False(parsed.HasErrors, string.Join(Environment.NewLine, parsed.Problems) + Environment.NewLine + yaml);
        Assert.DoesNotContain("physicalType: DOUBLE", yaml, StringComparison.Ordinal);
        await using var target = await Engines.CreateAsync(to, Temp);
        await using var targetWarehouse = await target.OpenAsync();
        await targetWarehouse.ExecuteAsync(ContractDdl.Generate(parsed.Contract!, targetWarehouse.Dialect));
        Assert.Empty(await ContractConformance.CheckAsync(targetWarehouse, parsed.Contract!, parsed.Contract!.Schema[0]));
    }
}
