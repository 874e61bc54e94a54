using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Workbench.Notebooks.Documents;
using Workbench.Notebooks.Hosting;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Running;

namespace Workbench.Cli;

/// <summary><c>workbench notebook run|describe|host</c>.</summary>
internal static class NotebookCommands
{
    private static readonly JsonSerializerOptions Indented = Workbench.Text.JsonText.Serializer;

    public static Command Create() => new("notebook", "Run and inspect .ipynb notebooks headlessly.") { Run(), Describe(), Host() };

    private static Command Run()
    {
        var path = new Argument<string>("notebook") { Description = "The .ipynb file to run." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "A parameter value, name=value; converted to the type the notebook declares.", AllowMultipleArgumentsPerToken = false };
        var inputs = new Option<string[]>("--input") { Description = "An answer to an input request a cell makes (Kernel.GetInputAsync, @input:), prompt=value or name=value; a request without one fails naming its prompt.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the executed notebook and its HTML.", DefaultValueFactory = _ => Path.Combine("artifacts", "notebooks") };
        var junit = new Option<string?>("--junit") { Description = "Folder for the JUnit XML (default: the output folder)." };
        var cellTimeout = new Option<double?>("--cell-timeout") { Description = "Seconds one cell may run before it is stopped and the run fails." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds the whole notebook may run." };
        var maxLines = new Option<int>("--max-output-lines") { Description = "Lines of one cell's stdout or stderr the executed notebook keeps (head and tail, with a note of what was left out).", DefaultValueFactory = _ => OutputLimits.Default.CellLines };
        var maxChars = new Option<int>("--max-output-chars") { Description = "Characters of one cell's stdout or stderr the executed notebook keeps, likewise.", DefaultValueFactory = _ => OutputLimits.Default.CellChars };
        var run = new Command("run", "Run a notebook top to bottom in its own process; stop at the first failing cell.")
        {
            path, parameters, inputs, output, junit, cellTimeout, timeout, maxLines, maxChars,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var values = ProjectCommands.ParsePairs(parse.GetValue(parameters) ?? [], "-p");
            var result = await NotebookRunner.RunAsync(
                new NotebookRunOptions(
                    parse.GetValue(path)!,
                    parse.GetValue(output)!,
                    values,
                    Seconds(parse.GetValue(cellTimeout)),
                    Seconds(parse.GetValue(timeout)),
                    parse.GetValue(junit))
                {
                    Progress = Console.WriteLine,
                    Environment = new Dictionary<string, string> { ["WORKBENCH_HEADLESS"] = "1" },
                    Masker = CliConsole.Masker,
                    Limits = OutputLimits.Default with { CellLines = parse.GetValue(maxLines), CellChars = parse.GetValue(maxChars) },
                    Inputs = ProjectCommands.ParsePairs(parse.GetValue(inputs) ?? [], "--input"),
                },
                cancellationToken);
            Console.WriteLine($"executed notebook: {result.ExecutedNotebookPath}");
            Console.WriteLine($"html:              {result.HtmlPath}");
            Console.WriteLine($"junit:             {result.JUnitPath}");
            if (result.Failure is { } failure)
            {
                await Console.Error.WriteLineAsync("error: " + failure.Describe(result.Notebook));
                return failure.Kind == NotebookFailureKind.Interrupted ? 130 : 1;
            }

            return 0;
        });
        return run;
    }

    private static Command Describe()
    {
        var path = new Argument<string>("notebook") { Description = "The .ipynb file." };
        var json = new Option<bool>("--json") { Description = "Print the parameters as JSON." };
        var describe = new Command("describe", "Show a notebook's parameters (name, type, default) and cells.") { path, json };
        describe.SetAction(parse =>
        {
            var notebook = NotebookDocument.Load(parse.GetValue(path)!);
            var parameters = ParameterCellParser.Parse(notebook);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    notebook = notebook.Name,
                    parameters = parameters.Select(p => new { name = p.Name, type = p.TypeName, supported = p.Type is not null, @default = p.Default, description = p.Description }),
                    cells = notebook.Cells.Select((c, i) => new { number = i + 1, kind = c.Kind.ToString().ToLowerInvariant(), kernel = c.Kind == CellKind.Code ? c.KernelName(notebook.DefaultKernelName) : null, first_line = c.FirstLine }),
                }, Indented));
                return 0;
            }

            Console.WriteLine($"{notebook.Name}: {notebook.Cells.Count} cells ({notebook.Cells.Count(c => c.Kind == CellKind.Code)} code)");
            Console.Write(ParameterTable.Render(parameters));
            return 0;
        });
        return describe;
    }

    private static Command Host()
    {
        var host = new Command("host", "Internal: runs the plan read from stdin in this process, streaming events to stdout.");
        host.Hidden = true;
        host.SetAction(async parse =>
        {
            // Keep the protocol stream to ourselves: anything else written to stdout goes to stderr. On Unix the protocol
            // writes go straight to file descriptor 1: .NET's console stream locks Console.Out for every write, and a
            // cell printing holds that lock while the kernel reports its output to us, so the two would deadlock.
            var protocol = OperatingSystem.IsWindows()
                ? Console.OpenStandardOutput()
                : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            Console.SetOut(Console.Error);
            using var notebookHost = new NotebookHost(protocol);
            var exitCode = await notebookHost.RunAsync(Console.In);
            await protocol.FlushAsync();
            // Background threads a notebook started must not keep the process alive.
            Environment.Exit(exitCode);
            return exitCode;
        });
        return host;
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
