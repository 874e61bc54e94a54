using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

public sealed class SeedLoaderTests : TempDirectoryTest
{
    private static readonly DataContract Contract = ContractParser.Parse("contracts/seeds/rates.odcs.yaml", """
        apiVersion: v3.1.0
        kind: DataContract
        id: seeds.rates
        version: 1.0.0
        status: active
        schema:
          - name: rates
            physicalName: seeds.rates
            properties:
              - name: currency
                logicalType: string
                required: true
              - name: rate
                logicalType: number
                physicalType: DECIMAL(10,4)
        """).Contract!;

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Seeds_AreTypedByTheirContract_AndReplacedWholeOnEveryLoad(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var file = Temp.File("seeds/rates.csv", "currency,rate\nEUR,1.0850\nGBP,1.2700\n");
        Temp.File("seeds/notes.csv", "code,text\nA,first\n");
        await SeedLoader.LoadAllAsync(warehouse, Path.Combine(Temp.Path, "seeds"), [Contract]);
        File.WriteAllText(file, "currency,rate\nEUR,1.0900\n");

        var results = await SeedLoader.LoadAllAsync(warehouse, Path.Combine(Temp.Path, "seeds"), [Contract]);

        Assert.Equal([("seeds.notes", 1L, false), ("seeds.rates", 1L, true)], results.Select(r => (r.Table.ToString(), r.Rows, r.Typed)));
        Assert.Equal(1.09m, Convert.ToDecimal(await warehouse.ScalarAsync<object>("SELECT rate FROM seeds.rates"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM seeds.rates"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public async Task Seed_ReadByAViewModel_IsReloadedWithTheViewKeptWorking(string engine)
    {
        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var file = Temp.File("seeds/rates.csv", "currency,rate\nEUR,1.0850\n");
        Temp.File("sql/marts/rates_view.sql", "-- materialized: view\nSELECT currency, rate * 2 AS doubled FROM seeds.rates");
        await SeedLoader.LoadAllAsync(warehouse, Path.Combine(Temp.Path, "seeds"), [Contract]);
        Assert.True((await new ModelRunner(warehouse).RunAsync(ModelProject.Load(Temp.Path, "sql", ["seeds"]))).Succeeded);
        File.WriteAllText(file, "currency,rate\nEUR,2.0000\nGBP,3.0000\n");

        await SeedLoader.LoadAllAsync(warehouse, Path.Combine(Temp.Path, "seeds"), [Contract]); // PostgreSQL: 2BP01 before the shared swap

        Assert.Equal(10m, Convert.ToDecimal(await warehouse.ScalarAsync<object>("SELECT SUM(doubled) FROM marts.rates_view"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Seed_WithAValueThatDoesNotFitItsType_FailsWithFileLineAndColumn()
    {
        await using var test = await Engines.CreateAsync("duckdb", Temp);
        await using var warehouse = await test.OpenAsync();
        Temp.File("seeds/rates.csv", "currency,rate\nEUR,1.08\nGBP,about one\n");

        var error = await Assert.ThrowsAsync<RawLoadException>(() => SeedLoader.LoadAllAsync(warehouse, Path.Combine(Temp.Path, "seeds"), [Contract]));

        Assert.StartsWith("rates.csv:3: column rate: not a number: \"about one\"", error.Message, StringComparison.Ordinal);
    }
}
