using System.Globalization;

namespace Workbench.Warehouse;

/// <summary>
/// How opening a connection to a warehouse server is retried when the server cannot be reached yet (refused, timed out,
/// starting up, too many connections): safe, since nothing has run. Waits double from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/>; each retry is reported. Statements are not retried: a batch or a build step whose connection
/// is lost is rolled back whole, and running the command again redoes it from where the last commit left it.
/// </summary>
/// <param name="Retries">How many times to try again after the first attempt (0: fail at once).</param>
public sealed record ConnectRetry(int Retries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>The variable that overrides <see cref="Retries"/> for every command, e.g. 0 in a test that wants a fast failure.</summary>
    public const string RetriesVariable = "WORKBENCH_CONNECT_RETRIES";

    /// <summary>What a process uses unless told otherwise: 4 retries (0.5 s, 1 s, 2 s, 4 s), or <see cref="RetriesVariable"/>.</summary>
    public static ConnectRetry Default { get; set; } = new(
        int.TryParse(Environment.GetEnvironmentVariable(RetriesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var retries) ? retries : 4,
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(5));

    /// <summary>Receives one line per retry (the command line prints it to standard error).</summary>
    public Action<string>? Report { get; init; }

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(attempt - 1, 20))));

    /// <summary>Runs <paramref name="connect"/>, trying again while <paramref name="retryable"/> says the failure is the server not being reachable yet.</summary>
    public async Task<T> RunAsync<T>(string server, Func<CancellationToken, Task<T>> connect, Func<Exception, bool> retryable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(retryable);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connect(cancellationToken);
            }
            catch (Exception e) when (attempt <= Retries && !cancellationToken.IsCancellationRequested && retryable(e))
            {
                var delay = DelayBefore(attempt);
                Report?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{server} not reachable ({ConnectionSecrets.MaskIn(e.Message.Split('\n')[0]).TrimEnd('.')}); retry {attempt} of {Retries} in {delay.TotalSeconds:0.#} s"));
                await Task.Delay(delay, cancellationToken);
            }
        }
    }
}
