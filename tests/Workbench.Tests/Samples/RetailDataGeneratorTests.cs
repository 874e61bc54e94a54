using Workbench.Samples;
using Workbench.Tests.Support;

namespace Workbench.Tests.Samples;

public sealed class RetailDataGeneratorTests : TempDirectoryTest
{
    [Fact]
    public void Generate_SameSeedAndScale_GivesIdenticalFiles()
    {
        var a = new RetailDataGenerator(new RetailGeneratorOptions(0.05, Seed: 7)).Generate(Path.Combine(Temp.Path, "a"));
        var b = new RetailDataGenerator(new RetailGeneratorOptions(0.05, Seed: 7)).Generate(Path.Combine(Temp.Path, "b"));

        Assert.Equal(a.Count, b.Count);
        foreach (var (x, y) in a.Zip(b))
        {
            Assert.Equal(File.ReadAllBytes(x.Path), File.ReadAllBytes(y.Path));
        }
    }

    [Fact]
    public void Generate_HasTheMessAPipelineMustHandle()
    {
        var files = new RetailDataGenerator(new RetailGeneratorOptions(0.2)).Generate(Temp.Path);
        var orders = files.Where(f => f.Table == "orders").SelectMany(f => File.ReadAllLines(f.Path).Skip(1).Select(l => (File: f.Path, Line: l))).ToList();
        var ids = orders.Select(o => o.Line.Split(',')[0]).ToList();
        var customers = File.ReadAllLines(Path.Combine(Temp.Path, "customers.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        Assert.True(ids.Count > ids.Distinct().Count(), "some order rows are exact duplicates");
        Assert.Contains(customers, c => c[4].Length == 0);
        Assert.Contains(customers, c => !string.Equals(c[5], c[5].ToUpperInvariant(), StringComparison.Ordinal));
        Assert.Contains(orders, o => o.Line.Split(',')[3] is var s && !string.Equals(s, s.ToLowerInvariant(), StringComparison.Ordinal));
        var late = orders.Where(o => !o.Line.Split(',')[2].StartsWith(Path.GetFileNameWithoutExtension(o.File)["orders_".Length..], StringComparison.Ordinal));
        Assert.NotEmpty(late);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public void Generate_TheCatalogueChangesAcrossMonths_AndEachPriceFileHoldsOnlyItsMonthsChanges(double scale)
    {
        var files = new RetailDataGenerator(new RetailGeneratorOptions(scale)).Generate(Temp.Path);
        var extracts = files.Where(f => f.Table == "products").Select(f => File.ReadAllLines(f.Path).Skip(1).ToHashSet()).ToList();
        var priceFiles = files.Where(f => f.Table == "product_prices").ToList();

        Assert.Equal(12, extracts.Count);
        Assert.All(extracts, e => Assert.Equal(extracts[0].Count, e.Count)); // every extract is the whole catalogue
        var changed = extracts.Skip(1).Select((e, i) => e.Except(extracts[i]).Count()).ToList();
        Assert.True(changed.Count(c => c > 0) >= 2, $"products change in at least two months (changed rows per month: {string.Join(", ", changed)})");
        Assert.Equal(12, priceFiles.Count);
        foreach (var (file, month) in priceFiles.Select((f, i) => (f, new DateOnly(2024, 1, 1).AddMonths(i))))
        {
            foreach (var validFrom in File.ReadAllLines(file.Path).Skip(1).Select(l => DateOnly.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)))
            {
                Assert.True(validFrom < month.AddMonths(1), $"{file.Path}: a price valid from {validFrom} has not taken effect in {month:yyyy-MM}");
                Assert.True(month.Month == 1 || validFrom >= month, $"{file.Path}: a price valid from {validFrom} belongs to an earlier month's file");
            }
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public void Generate_EveryMonthHasOneLineCutShort_FewEnoughThatTheBatchLoads(double scale)
    {
        var files = new RetailDataGenerator(new RetailGeneratorOptions(scale)).Generate(Temp.Path).Where(f => f.Table == "orders").ToList();

        Assert.All(files, f =>
        {
            var rows = File.ReadAllLines(f.Path).Skip(1).ToList();
            Assert.Equal(1, rows.Count(r => r.Split(',').Length < 6));
            Assert.True(1.0 / rows.Count <= 0.05, $"{f.Path}: 1 of {rows.Count} rows cut short exceeds the 5 % a batch may reject");
        });
    }

    [Fact]
    public void IsCurrent_KnowsAFolderThisVersionWrote_FromOneAnOlderOneOrOtherOptionsWrote()
    {
        var options = new RetailGeneratorOptions(0.01);
        new RetailDataGenerator(options).Generate(Path.Combine(Temp.Path, "now"));
        Directory.CreateDirectory(Path.Combine(Temp.Path, "old"));
        File.WriteAllText(Path.Combine(Temp.Path, "old", "products.csv"), "product_id\n1\n"); // what version 1 wrote: no stamp

        Assert.True(RetailDataGenerator.IsCurrent(Path.Combine(Temp.Path, "now"), options));
        Assert.False(RetailDataGenerator.IsCurrent(Path.Combine(Temp.Path, "now"), options with { Seed = 7 }));
        Assert.False(RetailDataGenerator.IsCurrent(Path.Combine(Temp.Path, "old"), options));
        Assert.False(RetailDataGenerator.IsCurrent(Path.Combine(Temp.Path, "missing"), options));
    }

    [Fact]
    public void Options_OutOfRangeScale_IsRejectedWithTheRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetailDataGenerator(new RetailGeneratorOptions(0)));

        Assert.Contains("greater than 0", error.Message, StringComparison.Ordinal);
    }
}
