namespace Workbench.Samples;

/// <summary>How much retail sample data to generate, and from which seed.</summary>
/// <param name="Scale">1.0 ≈ 2,000 customers and 24,000 orders over <paramref name="Months"/> months; the committed sample is 0.1.</param>
/// <param name="Seed">The same seed and scale always give byte-identical files.</param>
/// <param name="FirstMonth">The first month orders are placed in.</param>
/// <param name="Months">How many monthly order files to write.</param>
public sealed record RetailGeneratorOptions(double Scale = 0.1, int Seed = 42, DateOnly FirstMonth = default, int Months = 12)
{
    public DateOnly Start => FirstMonth == default ? new DateOnly(2024, 1, 1) : new DateOnly(FirstMonth.Year, FirstMonth.Month, 1);

    public int Customers => Math.Max(20, (int)Math.Round(2000 * Scale));

    public int Products => Math.Max(12, (int)Math.Round(200 * Math.Sqrt(Scale)));

    public int OrdersPerMonth => Math.Max(10, (int)Math.Round(2000 * Scale));

    public void Validate()
    {
        if (Scale is <= 0 or > 10_000 || double.IsNaN(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Scale must be greater than 0 and at most 10000 (1 ≈ 24,000 orders).");
        }

        if (Months is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(Months), Months, "Months must be between 1 and 120.");
        }
    }
}
