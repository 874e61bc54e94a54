namespace Workbench.Notebooks.Running;

/// <summary>What to run and how: parameters, timeouts, where outputs go.</summary>
/// <param name="NotebookPath">The .ipynb to run.</param>
/// <param name="OutputDirectory">Where the executed notebook and its HTML go.</param>
/// <param name="JUnitDirectory">Where the JUnit XML goes (one testcase per cell); defaults to <paramref name="OutputDirectory"/>.</param>
/// <param name="Parameters">Raw <c>name=value</c> strings, converted to the types the notebook declares.</param>
/// <param name="CellTimeout">The longest one cell may run; null for no limit.</param>
/// <param name="NotebookTimeout">The longest the whole notebook may run; null for no limit.</param>
/// <param name="InterruptGrace">After a timeout, how long the kernel gets to stop the cell before its process is killed.</param>
public sealed record NotebookRunOptions(
    string NotebookPath,
    string OutputDirectory,
    IReadOnlyDictionary<string, string>? Parameters = null,
    TimeSpan? CellTimeout = null,
    TimeSpan? NotebookTimeout = null,
    string? JUnitDirectory = null,
    TimeSpan? InterruptGrace = null)
{
    /// <summary>How the host process is started; the default is the workbench command line next to this library.</summary>
    public HostLauncher? Launcher { get; init; }

    /// <summary>Answers to the input requests cells make (by prompt or parameter name); an unanswered request fails its cell.</summary>
    public IReadOnlyDictionary<string, string>? Inputs { get; init; }

    /// <summary>Receives live progress lines (cell i/n, duration).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Environment variables for the notebook's process (how a secret reaches it: never in its arguments).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Secrets to mask in everything the run writes: progress, the executed notebook, its HTML and JUnit.</summary>
    public Workbench.Text.SecretMasker Masker { get; init; } = Workbench.Text.SecretMasker.None;

    /// <summary>
    /// How much of one cell's stream output (stdout, stderr) the executed notebook and its HTML keep: beyond this many
    /// lines, or characters, the head and the tail are kept around a note saying how much was left out. The run itself
    /// is not limited: a cell may print all it wants.
    /// </summary>
    public OutputLimits Limits { get; init; } = OutputLimits.Default;

    /// <summary>The page that links a run's pages (the pipeline's <c>artifacts/index.html</c>): the HTML links back to it, relatively.</summary>
    public string? SiteIndex { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(NotebookPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory);
        foreach (var (name, value) in new[] { ("CellTimeout", CellTimeout), ("NotebookTimeout", NotebookTimeout), ("InterruptGrace", InterruptGrace) })
        {
            if (value is { } t && t <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, t, $"{name} must be positive; leave it unset for no limit.");
            }
        }
    }
}

/// <summary>How much stream output an executed notebook keeps, per output and over the whole notebook.</summary>
/// <param name="CellLines">Lines kept of one stream output (stdout or stderr of one cell): head and tail, half each.</param>
/// <param name="CellChars">Characters kept of one stream output, likewise.</param>
/// <param name="NotebookChars">Characters of stream output kept over the whole notebook; outputs past it keep only their note.</param>
public sealed record OutputLimits(int CellLines = 5_000, int CellChars = 2_000_000, long NotebookChars = 20_000_000)
{
    public static OutputLimits Default { get; } = new();
}
