using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Tests.Support;

/// <summary>
/// What VS Code's Polyglot extension does with a notebook: starts the dotnet-interactive tool pinned in
/// .config/dotnet-tools.json as <c>dotnet-interactive stdio</c>, and sends one <c>SubmitCode</c> command envelope per
/// cell (one JSON line: token, commandType, command with code and targetKernelName), then reads event envelopes
/// (eventType, event, command) until the cell's command succeeds or fails.
/// </summary>
public sealed class InteractiveStdioClient : IAsyncDisposable
{
    private readonly Process _process;
    private int _next;

    private InteractiveStdioClient(Process process)
    {
        _process = process;
        _ = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The tool's entry assembly, restored by `dotnet tool restore` into the NuGet packages folder.</summary>
    public static string ToolAssembly()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("microsoft.dotnet-interactive").GetProperty("version").GetString()!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dll = Path.Combine(packages, "microsoft.dotnet-interactive", version, "tools", "net10.0", "any", "Microsoft.DotNet.Interactive.App.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The dotnet-interactive tool {version} is not restored ({dll}); run `dotnet tool restore` (.ci/run does).");
    }

    public static InteractiveStdioClient Start(string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { ToolAssembly(), "stdio", "--default-kernel", "csharp" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new InteractiveStdioClient(Process.Start(start)!);
    }

    /// <summary>
    /// Runs a notebook as VS Code does: a fresh tool process in the notebook's folder, each non-empty code cell
    /// submitted in order with its kernel (<paramref name="code"/> may change a cell's source, as a user editing the
    /// parameters cell would), up to the first failure. Returns each cell submitted with how it ended.
    /// </summary>
    public static async Task<IReadOnlyList<(Workbench.Notebooks.Documents.NotebookCell Cell, CellOutcome Outcome)>> RunNotebookAsync(
        string path, TimeSpan perCell, Func<Workbench.Notebooks.Documents.NotebookCell, string>? code = null)
    {
        var notebook = Workbench.Notebooks.Documents.NotebookDocument.Load(path);
        await using var kernel = Start(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var outcomes = new List<(Workbench.Notebooks.Documents.NotebookCell, CellOutcome)>();
        foreach (var cell in notebook.Cells.Where(c => c.Kind == Workbench.Notebooks.Documents.CellKind.Code && c.Source.Trim().Length > 0))
        {
            var outcome = await kernel.SubmitAsync(code?.Invoke(cell) ?? cell.Source, cell.KernelName(notebook.DefaultKernelName), perCell);
            outcomes.Add((cell, outcome));
            if (!outcome.Succeeded)
            {
                break;
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Submits one cell and waits for it: whether it succeeded, the failure's message, the MIME types of every value it
    /// displayed or returned, and the text of its outputs (displayed values and standard output, in order).
    /// </summary>
    public async Task<CellOutcome> SubmitAsync(string code, string kernel, TimeSpan timeout)
    {
        var token = "wb-" + ++_next;
        var envelope = new JsonObject { ["token"] = token, ["commandType"] = "SubmitCode", ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernel } };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var mimeTypes = new List<string>();
        var text = new System.Text.StringBuilder();
        using var cancel = new CancellationTokenSource(timeout);
        while (await _process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (!line.StartsWith('{') || JsonNode.Parse(line) is not JsonObject message || (string?)message["eventType"] is not { } type)
            {
                continue;
            }

            var of = (string?)message["command"]?["token"];
            if (of is null || !of.StartsWith(token, StringComparison.Ordinal))
            {
                continue; // another command's events, or a child command of ours (its token starts with ours)
            }

            if (type is "DisplayedValueProduced" or "ReturnValueProduced" or "DisplayedValueUpdated" or "StandardOutputValueProduced")
            {
                var values = message["event"]?["formattedValues"]?.AsArray() ?? [];
                mimeTypes.AddRange(values.Select(v => (string?)v?["mimeType"]).OfType<string>());
                foreach (var value in values.Select(v => (string?)v?["value"]).OfType<string>())
                {
                    text.AppendLine(value);
                }
            }
            else if (of == token && type == "CommandSucceeded")
            {
                return new CellOutcome(true, null, mimeTypes, text.ToString());
            }
            else if (of == token && type == "CommandFailed")
            {
                return new CellOutcome(false, (string?)message["event"]?["message"], mimeTypes, text.ToString());
            }
        }

        return new CellOutcome(false, "the kernel ended its output", mimeTypes, text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }
}

/// <summary>How one submitted cell ended in the tool.</summary>
public sealed record CellOutcome(bool Succeeded, string? Error, IReadOnlyList<string> MimeTypes, string Text);
