namespace Workbench.History;

/// <summary>One run as the history keeps it: what ran, where, from which commit, with which parameters (secrets masked), how it ended.</summary>
public sealed record RunRecord(
    string RunId,
    string? ParentRunId,
    string Command,
    string Project,
    string Environment,
    string Warehouse,
    string? GitCommit,
    string Parameters,
    DateTime StartedAt,
    DateTime? FinishedAt,
    string Status,
    string? Error);

/// <summary>One piece of a run: a load batch, a seed, a model, a build, a pipeline step. <see cref="Step"/> is the pipeline step it ran in.</summary>
public sealed record NodeRecord(string Node, string Kind, string Status, long? Rows, TimeSpan Duration, string? Error, string? Detail = null)
{
    public string? Step { get; init; }
}

/// <summary>
/// One check's result, passing or not: what it measured, how many rows failed, and a bounded sample of failing rows
/// (JSON, sensitive columns masked) with the columns that identify them.
/// </summary>
public sealed record CheckRecord(string Name, string Kind, string? Table, string Status, string Severity, decimal? Measured, long? FailingRows, string? Sample, string? Location, string? Message)
{
    public string? Step { get; init; }
}

/// <summary>A publication: the whole published state of an environment after a build, a rollback or a promotion.</summary>
public sealed record PublicationRecord(string PublicationId, string? RunId, string Environment, string Kind, string? Source, string? BuildId, DateTime PublishedAt);

/// <summary>One published object of a publication: its name, what it is (a view over a version table, or a view's definition), and the content hash of its data.</summary>
public sealed record PublishedRecord(string Name, string? Model, string Kind, string? Version, string? Definition, long? Rows, string? ContentHash);
