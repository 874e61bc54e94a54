using Workbench.Warehouse;

namespace Workbench.Quality;

/// <summary>The outcome of one check: how many rows offend, and a sample of them (sensitive columns masked) to look at.</summary>
public sealed record DataTestResult(DataTest Test, long FailingRows, QueryResult Sample, TimeSpan Duration, string? Error = null)
{
    public bool Passed => Error is null && SkipReason is null && FailingRows == 0;

    /// <summary>Why the test was not run (what it reads did not build), or null.</summary>
    public string? SkipReason { get; init; }

    /// <summary>The sample as the engine returned it, kept only when the runner was asked to show sensitive values.</summary>
    public QueryResult? Unmasked { get; init; }
}
