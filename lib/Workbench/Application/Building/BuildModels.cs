using Workbench.Models;
using Workbench.Publishing;

namespace Workbench.Application;

/// <summary>
/// Build the selected models without their checks (<c>workbench models run</c>, like <c>dbt run</c>): the same
/// write-and-publish path as <see cref="Build"/>, publishing every model that built (and whose inputs did), so a failure
/// leaves its published table as it was and its descendants skipped.
/// </summary>
public sealed record BuildModels(
    IReadOnlyList<string>? Select = null,
    IReadOnlyList<string>? Exclude = null,
    bool FullRefresh = false,
    bool FailFast = false,
    int Threads = 1,
    bool DryRun = false,
    DateTime? SnapshotTime = null)
{
    /// <summary>Load the seeds first (as <c>dbt build</c> does).</summary>
    public bool Seeds { get; init; } = true;

    public Task<ModelsBuilt> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default) =>
        new Build(Select, Exclude, FullRefresh, FailFast, Threads, DryRun, SnapshotTime) { Seeds = Seeds, Audit = false, Publish = PublishMode.Passing, Operation = "models run" }
            .RunAsync(session, cancellationToken);

    /// <summary>A result as a progress line: status, model, rows, seconds, and the error on the next line.</summary>
    public static string Describe(ModelRunResult result) => Build.Describe(result);
}
