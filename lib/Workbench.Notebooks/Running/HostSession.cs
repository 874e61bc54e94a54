using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Workbench.Notebooks.Hosting;

namespace Workbench.Notebooks.Running;

/// <summary>
/// One notebook host process, supervised: reads its event stream, enforces the cell and notebook timeouts
/// (interrupt first, then kill the process tree), and notices when the process dies.
/// </summary>
internal sealed class HostSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<HostMessage> _messages = Channel.CreateUnbounded<HostMessage>();
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private HostSession(Process process)
    {
        _process = process;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>Starts the host; it creates its kernel and then waits for <see cref="SendPlanAsync"/>.</summary>
    public static HostSession Start(HostLauncher launcher, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(launcher.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in launcher.Arguments.Concat(["notebook", "host"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the notebook host '{launcher.FileName}'.");
        return new HostSession(process);
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the host wrote to standard error, for crash reports.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return string.Join(Environment.NewLine, _stderrTail);
            }
        }
    }

    /// <summary>
    /// The next message; null with <c>TimedOut</c> when <paramref name="deadline"/> passed, null without it when the
    /// process's output ended. When <paramref name="stop"/> is cancelled, null with <c>TimedOut</c> false and the
    /// token cancelled: the caller stops the run.
    /// </summary>
    public async Task<(HostMessage? Message, bool TimedOut)> ReadAsync(DateTimeOffset? deadline, CancellationToken stop = default)
    {
        using var timeout = deadline is { } d
            ? new CancellationTokenSource(d - DateTimeOffset.UtcNow > TimeSpan.Zero ? d - DateTimeOffset.UtcNow : TimeSpan.Zero)
            : new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stop);
        try
        {
            return (await _messages.Reader.ReadAsync(either.Token), false);
        }
        catch (OperationCanceledException)
        {
            return (null, !stop.IsCancellationRequested);
        }
        catch (ChannelClosedException)
        {
            return (null, false);
        }
    }

    public async Task SendPlanAsync(HostPlan plan)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(plan, HostJson.Default.HostPlan));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Asks the kernel to cancel the running cell.</summary>
    public async Task InterruptAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("interrupt");
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            // The process is already gone; the caller kills it anyway.
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdoutPump, _stderrPump);
        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith('{'))
                {
                    var message = JsonSerializer.Deserialize(line, HostJson.Default.HostMessage);
                    if (message is not null)
                    {
                        await _messages.Writer.WriteAsync(message);
                    }
                }
            }
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > 40)
                {
                    _stderrTail.Dequeue();
                }
            }
        }
    }
}
