using System.Diagnostics;

namespace Workbench.Loading;

/// <summary>
/// Phase timings of a load on standard error, when the environment variable WORKBENCH_LOAD_TRACE is 1: what a slow load
/// spends its time on (hashing, the reader, numbering rows, reconciling, committing).
/// </summary>
internal sealed class LoadTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WORKBENCH_LOAD_TRACE") == "1";
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;

    public void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        var now = _clock.Elapsed;
        Console.Error.WriteLine($"[load] {phase,-28} {(now - _last).TotalMilliseconds,8:0.0} ms");
        _last = now;
    }
}
