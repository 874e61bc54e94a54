using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Documents;
using Workbench.Notebooks.Hosting;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Rendering;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Runs a notebook headlessly in its own process, the way papermill does, and writes the executed notebook, its
/// HTML rendering and a JUnit report. Stops at the first failing cell; a cell or notebook that runs past its timeout
/// is interrupted and, if it does not stop, its process is killed: a hung cell is always a failure.
/// </summary>
public static class NotebookRunner
{
    public static async Task<NotebookRunResult> RunAsync(NotebookRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var runStarted = DateTimeOffset.UtcNow;
        var workingDirectory = Path.GetDirectoryName(Path.GetFullPath(options.NotebookPath))!;
        if (!File.Exists(options.NotebookPath))
        {
            throw new FileNotFoundException($"The notebook '{options.NotebookPath}' does not exist.", options.NotebookPath);
        }

        // Start the host now: its kernel boots while this process reads the notebook and checks parameters.
        // It runs nothing until it receives the plan, and disposing the session kills it if we never send one.
        await using var host = HostSession.Start(options.Launcher ?? HostLauncher.Default(), workingDirectory, options.Environment);
        var source = NotebookDocument.Load(options.NotebookPath);
        var name = source.Name;
        var declared = ParameterCellParser.Parse(source);
        var bound = ParameterBinder.Bind(options.NotebookPath, declared, options.Parameters ?? new Dictionary<string, string>());
        var injected = bound.Count > 0 ? ParameterBinder.ToInjectedCode(bound) : null;

        Directory.CreateDirectory(options.OutputDirectory);
        var executedPath = Path.Combine(options.OutputDirectory, name + ".ipynb");
        var executed = new ExecutedNotebook(source, executedPath, injected);
        var defaultKernel = source.DefaultKernelName;
        var codeCells = executed.Document.Cells.Where(c => c.Kind == CellKind.Code && c.Source.Trim().Length > 0).ToList();
        var unavailable = codeCells.Select(c => (Cell: c, Kernel: KernelAliases.Unavailable(c.KernelName(defaultKernel)))).Where(c => c.Kernel is not null).ToList();
        if (unavailable.Count > 0)
        {
            throw new NotebookKernelUnavailableException(options.NotebookPath,
                unavailable.Select(u => (executed.SourceNumber(u.Cell) ?? 0, u.Kernel!)).ToList());
        }

        var plan = new HostPlan(
            Path.GetFullPath(options.NotebookPath),
            workingDirectory,
            codeCells.Select((c, i) => new HostCell(i, c.KernelName(defaultKernel), c.CodeFor(c.KernelName(defaultKernel)))).ToList())
        {
            Inputs = new Dictionary<string, string>(options.Inputs ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
            Limits = options.Limits,
        };

        var results = codeCells.Select(c => new CellResult(executed.SourceNumber(c), c.KernelName(defaultKernel), c.FirstLine, CellStatus.NotRun, null, TimeSpan.Zero, null)).ToList();
        NotebookFailure? failure = null;
        void Report(string line) => options.Progress?.Invoke(options.Masker.Apply($"[{name}] {line}"));
        Report($"starting: {codeCells.Count(c => executed.SourceNumber(c) is not null)} code cells{(bound.Count > 0 ? $", parameters {string.Join(", ", bound.Select(b => $"{b.Parameter.Name}={GivenValue(options, b.Parameter.Name)}"))}" : string.Empty)}");

        {
            await host.SendPlanAsync(plan);
            var notebookDeadline = options.NotebookTimeout is { } nt ? runStarted + nt : (DateTimeOffset?)null;
            var current = -1;
            DateTimeOffset cellStarted = default;
            var finished = 0;
            while (finished < codeCells.Count && failure is null)
            {
                var cellDeadline = current >= 0 && options.CellTimeout is { } ct ? cellStarted + ct : (DateTimeOffset?)null;
                var deadline = Earliest(cellDeadline, notebookDeadline);
                var (message, timedOut) = await host.ReadAsync(deadline, cancellationToken);
                if (message is null)
                {
                    var index = Math.Max(current, 0);
                    var cell = codeCells[index];
                    if (cancellationToken.IsCancellationRequested)
                    {
                        // Stopped from outside: stop the cell and its process, and keep what ran, marked as interrupted.
                        Report($"cell {Label(executed, cell)} STOPPED: the run was stopped; interrupting");
                        await host.InterruptAsync();
                        await DrainUntilFinishedAsync(host, executed, codeCells, index, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));
                        host.Kill();
                        var why = current < 0
                            ? "the run was stopped before its first cell started"
                            : "the run was stopped (Ctrl-C, SIGTERM or a stopped pipeline) while this cell ran; its outputs so far are kept, and the cells after it did not run";
                        failure = new NotebookFailure(NotebookFailureKind.Interrupted, executed.SourceNumber(cell), cell.FirstLine, "Interrupted", why);
                        var ran = current < 0 ? TimeSpan.Zero : DateTimeOffset.UtcNow - cellStarted;
                        results[index] = results[index] with { Status = CellStatus.Interrupted, Duration = ran, Error = why };
                        executed.Finish(cell, CellStatus.Interrupted, ran, new CellError("Interrupted", why, [], null));
                        break;
                    }

                    if (!timedOut)
                    {
                        await host.WaitForExitAsync(TimeSpan.FromSeconds(5));
                        var detail = $"the process exited with code {host.ExitCode} while running this cell. Last output on stderr:{Environment.NewLine}{host.StderrTail}";
                        failure = new NotebookFailure(NotebookFailureKind.Crashed, executed.SourceNumber(cell), cell.FirstLine, "ProcessExited", detail);
                        results[index] = results[index] with { Status = CellStatus.Failed, Duration = DateTimeOffset.UtcNow - cellStarted, Error = detail };
                        executed.Finish(cell, CellStatus.Failed, DateTimeOffset.UtcNow - cellStarted, new CellError("ProcessExited", detail, [], null));
                        break;
                    }

                    var which = cellDeadline is not null && cellDeadline <= (notebookDeadline ?? DateTimeOffset.MaxValue)
                        ? $"the cell ran longer than the cell timeout of {Seconds(options.CellTimeout!.Value)}"
                        : $"the notebook ran longer than the notebook timeout of {Seconds(options.NotebookTimeout!.Value)}";
                    Report($"cell {Label(executed, cell)} TIMED OUT: {which}; interrupting");
                    await host.InterruptAsync();
                    var grace = options.InterruptGrace ?? TimeSpan.FromSeconds(5);
                    var stopped = await DrainUntilFinishedAsync(host, executed, codeCells, index, DateTimeOffset.UtcNow + grace);
                    var how = stopped ? "the kernel interrupted it" : $"it did not stop within {Seconds(grace)} of the interrupt, so its process was killed";
                    host.Kill();
                    var text = $"{which}; {how}. Make the cell faster, or raise --cell-timeout / --timeout.";
                    failure = new NotebookFailure(NotebookFailureKind.Timeout, executed.SourceNumber(cell), cell.FirstLine, "Timeout", text);
                    var elapsed = DateTimeOffset.UtcNow - cellStarted;
                    results[index] = results[index] with { Status = CellStatus.TimedOut, Duration = elapsed, Error = text };
                    executed.Finish(cell, CellStatus.TimedOut, elapsed, new CellError("Timeout", text, [], null));
                    break;
                }

                switch (message.Type)
                {
                    case HostMessage.Ready:
                        Report("kernel ready");
                        break;
                    case HostMessage.Started:
                        current = message.Cell;
                        cellStarted = DateTimeOffset.UtcNow;
                        executed.Start(codeCells[current], cellStarted);
                        results[current] = results[current] with { Started = cellStarted };
                        Report($"cell {Progress(executed, codeCells, codeCells[current])} running: {Truncate(codeCells[current].FirstLine)}");
                        break;
                    case HostMessage.OutputProduced when message.Output is not null:
                        executed.AddOutput(codeCells[message.Cell], message.Output, message.Replaces);
                        break;
                    case HostMessage.Finished:
                        finished++;
                        var duration = TimeSpan.FromMilliseconds(message.Milliseconds);
                        var status = message.Ok ? CellStatus.Succeeded : CellStatus.Failed;
                        var cell = codeCells[message.Cell];
                        results[message.Cell] = results[message.Cell] with { Status = status, Duration = duration, Error = message.Error?.Message };
                        executed.Finish(cell, status, duration, message.Error);
                        Report($"cell {Progress(executed, codeCells, cell)} {(message.Ok ? "ok" : "FAILED")} in {Seconds(duration)}");
                        if (message.Error is { } error)
                        {
                            failure = new NotebookFailure(NotebookFailureKind.CellFailed, executed.SourceNumber(cell), cell.FirstLine, error.Name, error.Message);
                        }

                        break;
                }
            }

        }

        executed.Seal(options.Limits);
        if (failure is not null)
        {
            var failedCell = codeCells[results.FindIndex(r => r.Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Interrupted)];
            executed.MarkFailure(failedCell, failure, name);
        }

        executed.SetRunMetadata(new JsonObject
        {
            ["started"] = runStarted.ToString("o", CultureInfo.InvariantCulture),
            ["duration_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            ["status"] = failure is null ? "succeeded" : failure.Kind == NotebookFailureKind.Interrupted ? "interrupted" : "failed",
            ["parameters"] = new JsonObject(bound.Select(b => KeyValuePair.Create(b.Parameter.Name, (JsonNode?)GivenValue(options, b.Parameter.Name)))),
        });
        if (!options.Masker.IsEmpty)
        {
            executed.Document.MapStrings(options.Masker.Apply);
            results = results.Select(r => r with { Error = r.Error is null ? null : options.Masker.Apply(r.Error) }).ToList();
            failure = failure is null ? null : failure with { Message = options.Masker.Apply(failure.Message) };
        }

        executed.Document.Save(executedPath);
        var htmlPath = Path.Combine(options.OutputDirectory, name + ".html");
        Workbench.Text.AtomicFile.WriteText(htmlPath, NotebookHtmlRenderer.Render(executed.Document, failure?.Describe(name),
            options.SiteIndex is { } site ? Path.GetRelativePath(options.OutputDirectory, site).Replace('\\', '/') : null));
        var junitPath = Path.Combine(options.JUnitDirectory ?? options.OutputDirectory, name + ".junit.xml");
        NotebookJUnit.Write(junitPath, name, results, runStarted);
        Report(failure is null ? $"succeeded in {Seconds(clock.Elapsed)}" : "FAILED: " + failure.Describe(name));
        return new NotebookRunResult(name, results, failure, clock.Elapsed, executedPath, htmlPath, junitPath);
    }

    /// <summary>After an interrupt, keeps recording outputs until the cell reports finished or the grace period ends.</summary>
    private static async Task<bool> DrainUntilFinishedAsync(HostSession host, ExecutedNotebook executed, List<NotebookCell> cells, int index, DateTimeOffset deadline)
    {
        while ((await host.ReadAsync(deadline)).Message is { } message)
        {
            if (message.Type == HostMessage.OutputProduced && message.Output is not null)
            {
                executed.AddOutput(cells[message.Cell], message.Output, message.Replaces);
            }
            else if (message.Type == HostMessage.Finished && message.Cell == index)
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static string Label(ExecutedNotebook executed, NotebookCell cell) =>
        executed.SourceNumber(cell)?.ToString(CultureInfo.InvariantCulture) ?? "(parameters)";

    /// <summary>The value given for a parameter, under whatever case its name was given in (it binds regardless).</summary>
    private static string GivenValue(NotebookRunOptions options, string parameter) =>
        options.Parameters!.First(p => string.Equals(p.Key, parameter, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Where a run is, counted in the notebook's own code cells (what runs), with the cell's number in the notebook when that differs (markdown before it).</summary>
    private static string Progress(ExecutedNotebook executed, IReadOnlyList<NotebookCell> codeCells, NotebookCell cell)
    {
        var own = codeCells.Where(c => executed.SourceNumber(c) is not null).ToList();
        var at = own.IndexOf(cell);
        if (at < 0)
        {
            return Label(executed, cell);
        }

        var number = executed.SourceNumber(cell)!.Value;
        return string.Create(CultureInfo.InvariantCulture, $"{at + 1}/{own.Count}{(number != at + 1 ? $" (notebook cell {number})" : string.Empty)}");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    private static string Truncate(string text) => text.Length <= 70 ? text : text[..67] + "...";
}
