namespace Workbench.Notebooks.Hosting;

/// <summary>
/// What the parent asks the notebook host process to run: code cells in order, in one kernel; the answers to the
/// input requests cells may make (by prompt or name); and the output limits the host applies before sending.
/// </summary>
public sealed record HostPlan(string Notebook, string WorkingDirectory, IReadOnlyList<HostCell> Cells)
{
    public Dictionary<string, string> Inputs { get; init; } = [];

    /// <summary>How much of one output is sent at all: a single write of hundreds of megabytes is trimmed here, not carried to the parent.</summary>
    public Running.OutputLimits Limits { get; init; } = Running.OutputLimits.Default;
}

/// <summary>One code cell to run: its index in the executed notebook, its kernel and its code.</summary>
public sealed record HostCell(int Index, string Kernel, string Code);
