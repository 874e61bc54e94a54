using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using Workbench.Notebooks.Hosting.Kernels;

namespace Workbench.Notebooks.Hosting;

/// <summary>
/// Runs in the notebook's own process: creates one kernel, runs the plan's cells in order and streams every event
/// to the parent. It stops at the first failing cell. The parent owns timeouts; "interrupt" on standard input asks
/// the running cell to cancel.
/// </summary>
public sealed class NotebookHost : IDisposable
{
    private readonly ProtocolWriter _protocol;
    private CancellationTokenSource _cellCancellation = new();

    public NotebookHost(Stream protocolStream)
    {
        _protocol = new ProtocolWriter(protocolStream);
    }

    /// <summary>
    /// Creates the kernel first, then reads the plan (one JSON line) from <paramref name="control"/>: the parent starts this
    /// process before it has checked the notebook's parameters, so kernel start-up overlaps that work. If the parent
    /// finds a problem it kills this process before any cell runs. Later lines on <paramref name="control"/> are commands.
    /// </summary>
    public async Task<int> RunAsync(TextReader control)
    {
        ArgumentNullException.ThrowIfNull(control);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        // The first C# cell pays for JIT-compiling Roslyn. Compile a throwaway script on another core while the
        // kernel is created, so that cost overlaps instead of adding up.
        _ = Task.Run(() => Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.EvaluateAsync<int>("1 + 1"));

        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var limits = Running.OutputLimits.Default;
        using var kernel = CreateKernel(inputs);
        using var messages = new StreamBatcher(_protocol, () => limits);
        var current = -1;
        var executionCount = 0;
        using var subscription = kernel.KernelEvents.Subscribe(new EventObserver(e =>
        {
            if (current >= 0 && KernelEventConverter.ToOutput(e, executionCount) is { } output)
            {
                KernelEventConverter.Bound(output, limits);
                var replaces = e is DisplayedValueUpdated update ? update.ValueId : null;
                messages.Send(new HostMessage { Type = HostMessage.OutputProduced, Cell = current, Output = output, Replaces = replaces });
            }
        }));
        var planLine = await control.ReadLineAsync();
        if (string.IsNullOrWhiteSpace(planLine))
        {
            return 3; // the parent went away before sending a plan
        }

        var plan = System.Text.Json.JsonSerializer.Deserialize(planLine, HostJson.Default.HostPlan)!;
        limits = plan.Limits;
        foreach (var (name, value) in plan.Inputs)
        {
            inputs[name] = value;
        }

        Directory.SetCurrentDirectory(plan.WorkingDirectory);
        _ = Task.Run(() => ListenAsync(control));
        messages.Send(new HostMessage { Type = HostMessage.Ready });

        foreach (var cell in plan.Cells)
        {
            current = cell.Index;
            executionCount++;
            messages.Send(new HostMessage { Type = HostMessage.Started, Cell = cell.Index });
            var clock = Stopwatch.StartNew();
            var error = await RunCellAsync(kernel, cell);
            messages.Send(new HostMessage
            {
                Type = HostMessage.Finished,
                Cell = cell.Index,
                Ok = error is null,
                Milliseconds = clock.Elapsed.TotalMilliseconds,
                Error = error,
            });
            if (error is not null)
            {
                return 1;
            }
        }

        return 0;
    }

    private async Task<CellError?> RunCellAsync(CompositeKernel kernel, HostCell cell)
    {
        if (kernel.FindKernelByName(cell.Kernel) is null)
        {
            var known = string.Join(", ", kernel.ChildKernels.Select(k => k.Name));
            var hint = cell.Kernel == Documents.KernelAliases.Sql
                ? "SQL cells run on the Workbench warehouse: run the setup cell that calls WorkbenchNotebook.StartAsync(...) before them."
                : "Workbench runs C# and SQL cells; change this cell's kernel (VS Code: the language picker at the cell's bottom right).";
            return new CellError("KernelNotFound", $"No kernel named '{cell.Kernel}' is loaded (loaded: {known}). {hint}", [], null);
        }

        _cellCancellation.Dispose();
        _cellCancellation = new CancellationTokenSource();
        KernelCommandResult result;
        try
        {
            result = await kernel.SendAsync(new SubmitCode(cell.Code, cell.Kernel), _cellCancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return new CellError("Interrupted", "The cell was interrupted (it ran past its timeout).", [], null);
        }

        var diagnostics = result.Events.OfType<DiagnosticsProduced>()
            .SelectMany(d => d.Diagnostics)
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => new CellDiagnostic(d.LinePositionSpan.Start.Line + 1, d.LinePositionSpan.Start.Character + 1, d.Code, d.Message))
            .Distinct()
            .ToList();
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        if (failed is null)
        {
            return null;
        }

        var exception = failed.Exception;
        if (diagnostics.Count > 0)
        {
            return new CellError("CompilationError", string.Join(Environment.NewLine, diagnostics), diagnostics, null);
        }

        return exception is null
            ? new CellError("Error", failed.Message, [], null)
            : new CellError(exception.GetType().Name, exception.Message, [], exception.ToString());
    }

    /// <summary>
    /// The kernels the dotnet-interactive tool gives a notebook, as far as they can be had here: C# (with #r nuget,
    /// #!who/#!whos, #!set/#!share), the value store (#!value), HTML, Markdown, JavaScript and Mermaid cells shown as a
    /// front end shows them, #!time and #!lsmagic, and input requests answered from <paramref name="inputs"/>.
    /// </summary>
    private static CompositeKernel CreateKernel(IReadOnlyDictionary<string, string> inputs)
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, references) =>
            {
                k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            }, forceRestore: false)
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        var composite = new CompositeKernel("workbench")
        {
            csharp,
            new KeyValueStoreKernel().UseWho(),
            Kernels.FrontEndKernel.Html(),
            Kernels.FrontEndKernel.Markdown(),
            Kernels.FrontEndKernel.JavaScript(),
            Kernels.FrontEndKernel.Mermaid(),
        };
        composite.DefaultKernelName = csharp.Name;
        composite.UseToolMagicCommands().UseInputs(inputs);

        // display(...) returns an output its Update(...) replaces (see LiveDisplay); declared before any cell runs.
        csharp.DeferCommand(new SubmitCode($"#r \"{typeof(Kernels.LiveDisplay).Assembly.Location.Replace("\\", "/", StringComparison.Ordinal)}\"\n{Kernels.LiveDisplay.Declaration}"));
        return composite;
    }

    private async Task ListenAsync(TextReader control)
    {
        while (await control.ReadLineAsync() is { } line)
        {
            if (string.Equals(line.Trim(), "interrupt", StringComparison.Ordinal))
            {
                await _cellCancellation.CancelAsync();
            }
        }

        // The control pipe ends only when the runner is gone (killed, stopped, its machine lost): nobody will read what
        // this process does, and it may hold the warehouse (an embedded DuckDB file allows one writer). Stop now.
        Environment.Exit(ParentGoneExitCode);
    }

    /// <summary>The exit code of a host whose runner went away.</summary>
    public const int ParentGoneExitCode = 4;

    public void Dispose() => _cellCancellation.Dispose();

    private sealed class EventObserver(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(KernelEvent value) => onNext(value);
    }
}
