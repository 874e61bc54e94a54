namespace Workbench.Loading;

/// <summary>
/// Progress of running batches as lines for a person: only for a batch that takes a while (a second or more), and not
/// its last report, since the batch's own result line follows at once and says the same.
/// </summary>
public sealed class ProgressLines(Action<string> write) : IProgress<RawLoadProgress>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    public void Report(RawLoadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Elapsed >= Quiet && value.Fraction is not >= 1)
        {
            write("  " + value);
        }
    }
}
