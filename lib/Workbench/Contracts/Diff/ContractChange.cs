namespace Workbench.Contracts;

/// <summary>One difference between two versions of a contract, and whether it breaks consumers or producers.</summary>
public sealed record ContractChange(string Path, string Description, bool Breaking)
{
    public override string ToString() => $"{(Breaking ? "BREAKING" : "ok      ")} {Path}: {Description}";
}

/// <summary>All changes between two versions, and whether the version bump matches them (semver: breaking needs a new major).</summary>
public sealed record ContractDiff(string OldVersion, string NewVersion, IReadOnlyList<ContractChange> Changes, string? VersionProblem)
{
    public bool HasBreakingChanges => Changes.Any(c => c.Breaking);

    /// <summary>True when the changes are acceptable under the version bump.</summary>
    public bool Acceptable => VersionProblem is null;
}
