using System.Globalization;
using Workbench.Errors;
using Workbench.History;
using Workbench.Models;

namespace Workbench.Application;

/// <summary>What a build did: its plan, the seeds loaded, a result per model (none for a dry run), its checks, and what it published.</summary>
public sealed record ModelsBuilt(ModelPlan Plan, IReadOnlyList<SeedResult> Seeds, ModelRunSummary? Summary)
{
    /// <summary>The build's id: its versions are in <c>wb_build_ID</c>.</summary>
    public string? BuildId { get; init; }

    /// <summary>The audit's results (null when the build ran without checks).</summary>
    public TestsRan? Checks { get; init; }

    /// <summary>The publication the build made, or null when it published nothing.</summary>
    public PublicationRecord? Publication { get; init; }

    /// <summary>What was built but not published, and why (it failed, failed its checks, or reads something that did).</summary>
    public IReadOnlyDictionary<ModelId, string> Held { get; init; } = new Dictionary<ModelId, string>();

    public bool Succeeded => (Summary?.Succeeded ?? true) && Held.Count == 0 && (Checks?.FailedDataTests.Count ?? 0) == 0 && (Checks?.FailedChecks.Count ?? 0) == 0;

    /// <summary>Throws listing every failure: models that failed or were skipped, then the checks that failed, each with its rows.</summary>
    public void EnsureSucceeded()
    {
        if (Succeeded)
        {
            return;
        }

        if (Summary is { Succeeded: false } summary && Checks is null)
        {
            summary.EnsureSucceeded();
        }

        throw new BuildFailedException(this);
    }

    public override string ToString()
    {
        if (Summary is not { } summary)
        {
            return Plan.ToText();
        }

        var failed = summary.Results.Count(r => r.Status == ModelStatus.Failed);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{summary.Results.Count} model(s): {summary.Results.Count(r => r.Status == ModelStatus.Succeeded)} built, {failed} failed, {summary.Results.Count(r => r.Status == ModelStatus.Skipped)} skipped");
        if (Checks is { } checks)
        {
            text += $"; checks: {checks.ToString().TrimEnd('.')}";
        }

        return text + (Publication is null ? "; nothing published." : $"; published {(Held.Count == 0 ? "all" : $"all but {Held.Count}")} as {Publication.PublicationId}.");
    }
}
