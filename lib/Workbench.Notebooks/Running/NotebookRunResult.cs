namespace Workbench.Notebooks.Running;

public enum CellStatus
{
    Succeeded,
    Failed,
    TimedOut,

    /// <summary>Not run, because an earlier cell failed.</summary>
    NotRun,

    /// <summary>Stopped while it ran, because the run was stopped (Ctrl-C, SIGTERM).</summary>
    Interrupted,
}

/// <summary>One code cell's outcome. <see cref="Number"/> is the cell's 1-based position in the source notebook (null for the injected-parameters cell).</summary>
public sealed record CellResult(int? Number, string Kernel, string FirstLine, CellStatus Status, DateTimeOffset? Started, TimeSpan Duration, string? Error);

public enum NotebookFailureKind
{
    /// <summary>A cell threw or did not compile.</summary>
    CellFailed,

    /// <summary>A cell or the notebook ran past its timeout and was stopped.</summary>
    Timeout,

    /// <summary>The notebook's process died.</summary>
    Crashed,

    /// <summary>The run was stopped from outside (Ctrl-C, SIGTERM, a stopped pipeline) while a cell ran.</summary>
    Interrupted,
}

/// <summary>Why a run failed, with enough to find the cell.</summary>
public sealed record NotebookFailure(NotebookFailureKind Kind, int? CellNumber, string CellFirstLine, string ErrorName, string Message)
{
    public string Describe(string notebook) =>
        $"{notebook}: {(CellNumber is null ? "injected parameters" : $"cell {CellNumber}")} ({CellFirstLine}) " +
        Kind switch
        {
            NotebookFailureKind.Timeout => $"timed out: {Message}",
            NotebookFailureKind.Crashed => $"crashed the notebook process: {Message}",
            NotebookFailureKind.Interrupted => $"was interrupted: {Message}",
            _ => $"failed: {ErrorName}: {Message}",
        };
}

/// <summary>The result of a run: per-cell outcomes, the failure if any, and where the outputs were written.</summary>
public sealed record NotebookRunResult(
    string Notebook,
    IReadOnlyList<CellResult> Cells,
    NotebookFailure? Failure,
    TimeSpan Duration,
    string ExecutedNotebookPath,
    string HtmlPath,
    string JUnitPath)
{
    public bool Succeeded => Failure is null;
}
