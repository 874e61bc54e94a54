using Workbench.Warehouse;

namespace Workbench.Quality;

/// <summary>The outcome of one check: how many rows offend, and a sample of them (sensitive columns masked) to look at.</summary>
public sealed record DataTestResult(DataTest Test, long FailingRows, QueryResult Sample, TimeSpan Duration, string? Error = null)
{
    public bool Passed => Error is null && FailingRows == 0;

    /// <summary>The sample as the engine returned it, kept only when the runner was asked to show sensitive values.</summary>
    public QueryResult? Unmasked { get; init; }
}
