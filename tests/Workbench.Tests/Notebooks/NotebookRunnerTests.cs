using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Workbench.Notebooks.Running;
using Workbench.Tests.Support;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

public sealed class NotebookRunnerTests : TempDirectoryTest
{
    [Fact]
    public async Task Run_SucceedingNotebook_WritesValidExecutedNotebookWithOutputsAndTimings()
    {
        var path = Write(Temp, "ok",
            Markdown("# Title\nSome *text*."),
            Code("Console.WriteLine(\"hello\");\n40 + 2"),
            Code("display(\"shown\");"));

        var result = await RunAsync(path);

        Assert.True(result.Succeeded, result.Failure?.Describe("ok"));
        var executed = ReadJson(result.ExecutedNotebookPath);
        Assert.Equal(4, (int)executed["nbformat"]!);
        var cells = executed["cells"]!.AsArray();
        Assert.Equal(3, cells.Count);
        var first = cells[1]!.AsObject();
        Assert.Equal(1, (int)first["execution_count"]!);
        var outputs = first["outputs"]!.AsArray();
        Assert.Contains(outputs, o => (string?)o!["output_type"] == "stream" && ((string?)o["text"])!.Contains("hello", StringComparison.Ordinal));
        Assert.Contains(outputs, o => (string?)o!["output_type"] == "execute_result" && o["data"]!.ToJsonString().Contains("42", StringComparison.Ordinal));
        var timing = first["metadata"]!["workbench"]!.AsObject();
        Assert.Equal("succeeded", (string?)timing["status"]);
        Assert.True(DateTimeOffset.TryParse((string?)timing["started"], out _));
        Assert.True((double)timing["duration_ms"]! > 0);
        Assert.Equal(2, (int)cells[2]!["execution_count"]!);
        Assert.Equal("succeeded", (string?)executed["metadata"]!["workbench"]!["status"]);
    }

    [Fact]
    public async Task Run_WritesSelfContainedHtmlWithRenderedMarkdownAndNoExternalReferences()
    {
        var path = Write(Temp, "html", Markdown("# Heading\nA **bold** claim."), Code("Console.WriteLine(\"<b>not html</b>\");"));

        var result = await RunAsync(path);

        var html = await File.ReadAllTextAsync(result.HtmlPath);
        Assert.Contains("<h1 id=\"heading\">Heading</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;not html&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_WritesJUnitWithOneTestCasePerCodeCell()
    {
        var path = Write(Temp, "junit", Code("1"), Markdown("text"), Code("throw new InvalidOperationException(\"boom\");"), Code("3"));

        var result = await RunAsync(path);

        var cases = XDocument.Load(result.JUnitPath).Descendants("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.Empty(cases[0].Elements());
        Assert.Contains("boom", cases[1].Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.NotNull(cases[2].Element("skipped"));
    }

    [Fact]
    public async Task Run_FailingCell_StopsThereAndNamesNotebookCellFirstLineAndError()
    {
        var path = Write(Temp, "fails",
            Code("var x = 1;"),
            Markdown("between"),
            Code("// load the orders\nthrow new InvalidOperationException(\"orders file missing\");"),
            Code("Console.WriteLine(\"must not run\");"));

        var result = await RunAsync(path);

        Assert.False(result.Succeeded);
        var failure = result.Failure!;
        Assert.Equal(NotebookFailureKind.CellFailed, failure.Kind);
        Assert.Equal(3, failure.CellNumber);
        var message = failure.Describe("fails");
        Assert.Contains("fails: cell 3 (// load the orders)", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: orders file missing", message, StringComparison.Ordinal);
        Assert.Equal(CellStatus.NotRun, result.Cells[^1].Status);

        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.Contains("This run failed", string.Concat(cells[0]!["source"]!.AsArray().Select(l => (string?)l)), StringComparison.Ordinal);
        var bannerIndex = cells.ToList().FindIndex(c => c!["source"]!.ToJsonString().Contains("Execution stopped here", StringComparison.Ordinal));
        Assert.Contains("orders file missing", cells[bannerIndex + 1]!["outputs"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(cells[^1]!["execution_count"]?.GetValue<int?>());
        Assert.Empty(cells[^1]!["outputs"]!.AsArray());
    }

    [Fact]
    public async Task Run_CompileError_ReportsLineAndColumnInTheCell()
    {
        var path = Write(Temp, "compile", Code("var ok = 1;\nint count = \"three\";"));

        var result = await RunAsync(path);

        Assert.Equal(NotebookFailureKind.CellFailed, result.Failure!.Kind);
        Assert.Equal("CompilationError", result.Failure.ErrorName);
        Assert.Contains("(2,13): error CS0029", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HungCell_IsStoppedByTheCellTimeoutAndReportedAsFailure()
    {
        // The hung cell comes first: however long the kernel's first compile takes on a busy machine, it is this cell
        // that runs past the timeout, so the test does not depend on the machine being idle.
        var path = Write(Temp, "hang", Code("System.Threading.Thread.Sleep(TimeSpan.FromMinutes(10));"), Code("3"));
        var clock = Stopwatch.StartNew();

        var result = await RunAsync(path, cellTimeout: TimeSpan.FromSeconds(3));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the run took {clock.Elapsed}");
        Assert.False(result.Succeeded);
        Assert.Equal(NotebookFailureKind.Timeout, result.Failure!.Kind);
        Assert.Equal(1, result.Failure.CellNumber);
        Assert.Contains("cell timeout of 3.00s", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(CellStatus.TimedOut, result.Cells[0].Status);
        Assert.Equal(CellStatus.NotRun, result.Cells[1].Status);
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.Contains(cells, c => c!["metadata"]?["workbench"]?["status"]?.GetValue<string>() == "timedout");
    }

    [Fact]
    public async Task Run_NotebookTimeout_StopsARunWhoseCellsAreEachFastEnough()
    {
        var path = Write(Temp, "slow", Code("System.Threading.Thread.Sleep(1500);"), Code("System.Threading.Thread.Sleep(1500);"), Code("System.Threading.Thread.Sleep(1500);"), Code("System.Threading.Thread.Sleep(1500);"));

        var result = await RunAsync(path, cellTimeout: TimeSpan.FromSeconds(30), notebookTimeout: TimeSpan.FromSeconds(4));

        Assert.Equal(NotebookFailureKind.Timeout, result.Failure!.Kind);
        Assert.Contains("notebook timeout of 4.00s", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CellThatKillsItsProcess_IsReportedAsACrashNotASuccess()
    {
        var path = Write(Temp, "crash", Code("1"), Code("Environment.Exit(3);"), Code("2"));

        var result = await RunAsync(path);

        Assert.Equal(NotebookFailureKind.Crashed, result.Failure!.Kind);
        Assert.Equal(2, result.Failure.CellNumber);
        Assert.Contains("exited with code 3", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProgressLines_NameEachCellAsItStartsAndFinishes()
    {
        var path = Write(Temp, "progress", Code("1"), Code("2"));
        var progress = new List<string>();

        await RunAsync(path, progress: progress);

        Assert.Contains(progress, l => l.StartsWith("[progress] cell 1/2 running", StringComparison.Ordinal));
        Assert.Contains(progress, l => l.StartsWith("[progress] cell 2/2 ok in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotebookDescribe_Json_WritesCharactersAsTheyAre_EscapingOnlyWhatJsonNeeds()
    {
        Temp.File("d.ipynb", """
            {"cells":[{"cell_type":"code","execution_count":null,"metadata":{"tags":["parameters"]},"outputs":[],"source":["string city = \"Zürich <3 & co\"; // where the shop's \"home\" is"]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"C#"}},"nbformat":4,"nbformat_minor":5}
            """);

        var result = await WorkbenchCommand.RunAsync(Temp.Path, "notebook", "describe", "d.ipynb", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"default\": \"\\\"Zürich <3 & co\\\"\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("where the shop's \\\"home\\\" is", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotebookRun_FromTheCommandLine_CountsCodeCells_AndBindsAParameterWrittenInAnotherCase()
    {
        Temp.File("p.ipynb", """
            {"cells":[{"cell_type":"markdown","metadata":{},"source":["# A title"]},
              {"cell_type":"code","execution_count":null,"metadata":{"tags":["parameters"]},"outputs":[],"source":["DateOnly runDate = new DateOnly(2024, 1, 31);"]},
              {"cell_type":"markdown","metadata":{},"source":["Some prose"]},
              {"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":["Console.WriteLine($\"run date {runDate:yyyy-MM-dd}\");"]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"C#"}},"nbformat":4,"nbformat_minor":5}
            """);

        var result = await WorkbenchCommand.RunAsync(Temp.Path, "notebook", "run", "p.ipynb", "-p", "RUNDATE=2024-03-31", "-o", "out");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("[p] starting: 2 code cells, parameters runDate=2024-03-31", result.Output, StringComparison.Ordinal);
        Assert.Contains("[p] cell 2/2 (notebook cell 4) ok in ", result.Output, StringComparison.Ordinal);
        Assert.Contains("run date 2024-03-31", await File.ReadAllTextAsync(Path.Combine(Temp.Path, "out", "p.ipynb")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CellsUseInvariantCultureAndTheNotebookFolderAsWorkingDirectory()
    {
        var path = Write(Temp, "culture", Code("Console.WriteLine((1.5).ToString() + \"|\" + System.IO.Directory.GetCurrentDirectory());"));

        var result = await RunAsync(path, environment: new Dictionary<string, string> { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" });

        var text = ReadJson(result.ExecutedNotebookPath)["cells"]![0]!["outputs"]![0]!["text"]!.GetValue<string>().Trim();
        Assert.Equal($"1.5|{Temp.Path}", text);
    }

    [Fact]
    public async Task Run_ChartOutput_HtmlInlinesPlotlyOnceAndNeedsNoNetwork()
    {
        var path = Write(Temp, "chart",
            Setup(Temp, "Plotly.NET.dll", "Plotly.NET.CSharp.dll"),
            Code("Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 2, 4, 8 })"),
            Code("Plotly.NET.CSharp.Chart.Column<int, string, string>(values: new[] { 5, 7 }, Keys: new[] { \"a\", \"b\" })"));

        var result = await RunAsync(path, environment: new Dictionary<string, string> { ["WORKBENCH_HEADLESS"] = "1" });

        Assert.True(result.Succeeded, result.Failure?.Describe("chart"));
        var html = await File.ReadAllTextAsync(result.HtmlPath);
        Assert.Equal(2, CountOf(html, "\" data-target=\"wb-plot-"));
        Assert.Equal(2, CountOf(html, "class=\"wb-plot\""));
        Assert.True(html.Length > 1_000_000, "plotly.js should be inlined in the page");
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
        Assert.True(new FileInfo(result.ExecutedNotebookPath).Length < 200_000, "the .ipynb must not carry plotly.js");
    }

    [Fact]
    public async Task Run_ExecutedNotebook_IsValidNbformat45_ByTheReferenceValidator_WithCellIdsAndNoTransientFields()
    {
        var path = Write(Temp, "valid",
            Markdown("# Title"),
            Code("var shown = display(\"first\");"),
            Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");\n42"),
            Code("throw new InvalidOperationException(\"stop\");"));

        var result = await RunAsync(path);

        Assert.False(result.Succeeded); // the failure banner and summary cells must be valid too
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync([path, result.ExecutedNotebookPath]));
        var executed = ReadJson(result.ExecutedNotebookPath);
        var cells = executed["cells"]!.AsArray();
        Assert.DoesNotContain("transient", executed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(cells.Count, cells.Select(c => (string?)c!["id"]).Distinct().Count(id => id is { Length: > 0 }));
    }

    [Fact]
    public async Task Run_ACellPrinting200000Lines_KeepsTheHeadAndTheTailWithANote_AndSucceeds()
    {
        var path = Write(Temp, "loud", Code("for (var i = 0; i < 200_000; i++) Console.Error.WriteLine($\"line {i}\");"), Code("1"));

        var result = await RunAsync(path, cellTimeout: TimeSpan.FromSeconds(120));

        Assert.True(result.Succeeded, result.Failure?.Describe("loud"));
        var text = (string)ReadJson(result.ExecutedNotebookPath)["cells"]![0]!["outputs"]![0]!["text"]!;
        Assert.StartsWith("line 0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("line 199999\n", text, StringComparison.Ordinal);
        Assert.Contains("195,000 line(s)", text, StringComparison.Ordinal);
        Assert.Contains("omitted", text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync([result.ExecutedNotebookPath]));
    }

    [Fact]
    public async Task Run_ACellPrintingWhileItsEarlierOutputIsSent_NeverDeadlocks()
    {
        // A cell that prints for a while, in small pieces: the host sends what it printed while it still prints.
        var path = Write(Temp, "chatty", Code("for (var i = 0; i < 20_000; i++)\n{\n    Console.WriteLine(i);\n    if (i % 200 == 0) System.Threading.Thread.Sleep(2);\n}"), Code("Console.WriteLine(\"after\");"));

        var result = await RunAsync(path, cellTimeout: TimeSpan.FromSeconds(90));

        Assert.True(result.Succeeded, result.Failure?.Describe("chatty"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.EndsWith("19999\n", (string)cells[0]!["outputs"]![0]!["text"]!, StringComparison.Ordinal);
        Assert.Contains("after", cells[1]!["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ASingle200MBWrite_IsTrimmedWhereItIsMade_AndTheRunGoesOn()
    {
        var path = Write(Temp, "huge", Code("Console.Write(new string('x', 200_000_000));\nConsole.WriteLine();\nConsole.WriteLine(\"after the write\");"), Code("Console.WriteLine(\"next cell\");"));

        var result = await RunAsync(path, cellTimeout: TimeSpan.FromSeconds(120));

        Assert.True(result.Succeeded, result.Failure?.Describe("huge"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        var text = (string)cells[0]!["outputs"]![0]!["text"]!;
        Assert.True(text.Length < OutputLimits.Default.CellChars + 1_000, $"kept {text.Length:N0} characters");
        Assert.StartsWith("xxxx", text, StringComparison.Ordinal);
        Assert.Contains("MB omitted", text, StringComparison.Ordinal);
        Assert.EndsWith("after the write\n", text, StringComparison.Ordinal);
        Assert.Contains("next cell", cells[1]!["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheRunnerIsKilled_ItsHostStopsToo_InsteadOfRunningOnHoldingTheWarehouse()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc to find the host process");
        var path = Write(Temp, "slow", Code("Console.WriteLine(\"started\");"), Code("await Task.Delay(TimeSpan.FromMinutes(5));"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { WorkbenchCommand.Cli, "notebook", "run", path, "-o", "out" })
        {
            start.ArgumentList.Add(argument);
        }

        using var runner = Process.Start(start)!;
        _ = runner.StandardError.ReadToEndAsync();
        while (await runner.StandardOutput.ReadLineAsync() is { } line && !line.Contains("cell 2/2 running", StringComparison.Ordinal))
        {
        }

        var host = HostsIn(Temp.Path).Single();
        runner.Kill(entireProcessTree: false); // as kill -9 of the runner alone: the host is not killed with it
        await runner.WaitForExitAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Directory.Exists($"/proc/{host}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists($"/proc/{host}"), $"the host {host} is still running 30 s after its runner was killed");
        Assert.False(Directory.Exists(Path.Combine(Temp.Path, "out")) && Directory.EnumerateFileSystemEntries(Path.Combine(Temp.Path, "out")).Any()); // nothing half-written
    }

    [Fact]
    public async Task Run_StoppedBySigterm_SavesWhatRanMarkedInterrupted_StopsItsHost_AndExits130()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test sends SIGTERM and reads /proc");
        var path = Write(Temp, "stopped", Code("Console.WriteLine(\"first cell ran\");"), Code("Console.WriteLine(\"second started\");\nawait Task.Delay(TimeSpan.FromMinutes(5));"), Code("Console.WriteLine(\"never\");"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { WorkbenchCommand.Cli, "notebook", "run", path, "-o", "out" })
        {
            start.ArgumentList.Add(argument);
        }

        using var runner = Process.Start(start)!;
        var errors = runner.StandardError.ReadToEndAsync();
        while (await runner.StandardOutput.ReadLineAsync() is { } line && !line.Contains("cell 2/3 running", StringComparison.Ordinal))
        {
        }

        var host = HostsIn(Temp.Path).Single();
        using (var kill = Process.Start("kill", ["-TERM", runner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.WaitForExitAsync(patience.Token);

        Assert.Equal(130, runner.ExitCode);
        Assert.Contains("interrupted", await errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{host}") && !File.ReadAllText($"/proc/{host}/stat").Contains(" Z ", StringComparison.Ordinal), "the host still runs after its runner was stopped");
        var executed = ReadJson(Path.Combine(Temp.Path, "out", "stopped.ipynb"));
        Assert.Equal("interrupted", (string?)executed["metadata"]!["workbench"]!["status"]);
        var text = executed.ToJsonString();
        Assert.Contains("first cell ran", text, StringComparison.Ordinal);
        Assert.Contains("second started", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"never\\n\"", text, StringComparison.Ordinal);
        Assert.Contains("interrupted", await File.ReadAllTextAsync(Path.Combine(Temp.Path, "out", "stopped.html")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, await NbformatValidator.ProblemsAsync([Path.Combine(Temp.Path, "out", "stopped.ipynb")]));
    }

    /// <summary>The notebook host processes whose working folder is <paramref name="folder"/>.</summary>
    private static List<int> HostsIn(string folder) =>
        Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0).Where(pid =>
        {
            try
            {
                var command = File.ReadAllText($"/proc/{pid}/cmdline");
                return command.Contains("notebook\0host", StringComparison.Ordinal) && Path.GetFullPath(new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(true)!.FullName) == Path.GetFullPath(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }).ToList();
}
