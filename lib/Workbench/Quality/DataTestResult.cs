using Workbench.Warehouse;

namespace Workbench.Quality;

/// <summary>The outcome of one check: how many rows offend, and a sample of them to look at.</summary>
public sealed record DataTestResult(DataTest Test, long FailingRows, QueryResult Sample, TimeSpan Duration, string? Error = null)
{
    public bool Passed => Error is null && FailingRows == 0;
}
