namespace Workbench.Loading;

/// <summary>Where a running batch is: rows read so far, how much of the source that is (when known), and the rate.</summary>
public sealed record RawLoadProgress(string Table, string Source, long RowsRead, double? Fraction, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        $"{Table} <- {Source}: {RowsRead:N0} rows{(Fraction is { } f ? $" ({f:P0})" : string.Empty)}, {RowsPerSecond:N0} rows/s";
}
