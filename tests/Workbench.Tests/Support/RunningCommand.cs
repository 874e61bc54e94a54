using System.Diagnostics;
using System.Text;

namespace Workbench.Tests.Support;

/// <summary>
/// A `workbench` command running in its own process, for tests that act while it works (stop its server, kill it,
/// fill its disk): waits for a line of its output, kills it as a crash would, and collects what it wrote.
/// </summary>
public sealed class RunningCommand : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];

    private RunningCommand(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Received(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Received(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Starts the built command line in <paramref name="workingDirectory"/>.</summary>
    public static RunningCommand Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        return new RunningCommand(Process.Start(WorkbenchCommand.StartInfo(WorkbenchCommand.Cli, workingDirectory, environment, arguments))!);
    }

    /// <summary>The first line (of standard output or error, written so far or later) that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            var already = (_output + "\n" + _error).Split('\n').FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }

            _waits.Add((match, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (first != seen.Task)
        {
            await Task.Delay(200); // the last lines of a process that exited
            if (seen.Task.IsCompleted)
            {
                return await seen.Task;
            }

            throw new TimeoutException($"{(first == exited ? "the command exited" : $"no such line within {timeout.TotalSeconds} s")}; it wrote:\n{Text}");
        }

        return await seen.Task;
    }

    /// <summary>Kills the command's process alone (SIGKILL, as a crash or an out-of-memory kill would): its children are left to notice.</summary>
    public void Crash() => _process.Kill(entireProcessTree: false);

    /// <summary>Waits for the command to end; its exit code and everything it wrote.</summary>
    public async Task<(int ExitCode, string Output, string Error)> ExitAsync(TimeSpan timeout)
    {
        using (var patience = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the command did not end within {timeout.TotalSeconds} s; it wrote:\n{Text}");
            }
        }

        _process.WaitForExit(); // the rest of its output
        lock (_waits)
        {
            return (_process.ExitCode, _output.ToString(), _error.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private string Text
    {
        get
        {
            lock (_waits)
            {
                return $"stdout:\n{_output}\nstderr:\n{_error}";
            }
        }
    }

    private void Received(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waits)
        {
            into.Append(line).Append('\n');
            foreach (var wait in _waits.Where(w => w.Match(line)).ToList())
            {
                wait.Seen.TrySetResult(line);
                _waits.Remove(wait);
            }
        }
    }
}
