using Workbench.Contracts;
using Workbench.Tests.Support;

namespace Workbench.Tests.Contracts;

public sealed class ContractConformanceTests : TempDirectoryTest
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Check_ReportsMissingExtraTypeAndNullabilityMismatchesAsData(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        await warehouse.ExecuteAsync("CREATE SCHEMA s");
        await warehouse.ExecuteAsync("CREATE TABLE s.t (id BIGINT NOT NULL, amount DECIMAL(10,2), code BIGINT, note TEXT, extra DATE)");
        var table = ContractParser.Parse("c.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: c
            version: 1.0.0
            status: active
            schema:
              - name: t
                physicalName: s.t
                properties:
                  - name: id
                    logicalType: integer
                    required: true
                  - name: amount
                    logicalType: number
                    required: true
                  - name: code
                    logicalType: string
                  - name: note
                    logicalType: string
                  - name: missing_one
                    logicalType: date
            """).Contract!;

        var mismatches = await ContractConformance.CheckAsync(warehouse, table, table.Schema[0]);

        Assert.Equal(
            ["amount NullabilityNotEnforced", "code TypeMismatch", "extra ExtraColumn", "missing_one MissingColumn"],
            mismatches.Select(m => $"{m.Column} {m.Kind}").Order(StringComparer.Ordinal));
        var type = mismatches.Single(m => m.Kind == MismatchKind.TypeMismatch);
        Assert.Equal("string", type.Expected);
        Assert.Contains("integer", type.Actual, StringComparison.Ordinal);
        Assert.Equal(16, type.Location.Line);
    }

    [Fact]
    public async Task Check_ContractForATableThatDoesNotExist_IsOneMissingTableMismatch()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        var table = ContractParser.Parse("c.odcs.yaml", "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\nschema:\n  - name: nowhere\n    physicalName: s.nowhere\n").Contract!;

        var mismatch = Assert.Single(await ContractConformance.CheckAsync(warehouse, table, table.Schema[0]));

        Assert.Equal(MismatchKind.MissingTable, mismatch.Kind);
        Assert.Contains("s.nowhere", mismatch.Expected, StringComparison.Ordinal);
    }
}
