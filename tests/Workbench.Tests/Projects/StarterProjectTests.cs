using Workbench.Tests.Support;

namespace Workbench.Tests.Projects;

/// <summary>`workbench init` as a new user runs it: a project outside the repository whose pipeline, notebook, tests and scripts work at once.</summary>
public sealed class StarterProjectTests : TempDirectoryTest
{
    [Fact]
    public async Task Init_WritesAProjectWhosePipelineTestsScriptsAndNotebookRunWithoutEditingAPath_AlsoInTheDotnetInteractiveTool()
    {
        var folder = Path.Combine(Temp.Path, "shop");

        var init = await WorkbenchCommand.RunAsync(Temp.Path, "init", folder);
        var pipeline = await WorkbenchCommand.RunAsync(folder, "pipeline", "run");
        var tests = await WorkbenchCommand.RunAsync(Path.Combine(folder, "sql"), "test"); // found upward from a subfolder
        var unit = await WorkbenchCommand.RunAsync(Temp.Path, "--project", folder, "models", "test");
        var script = await RunScriptAsync(folder);
        var inTool = await InteractiveStdioClient.RunNotebookAsync(Path.Combine(folder, "notebooks", "explore.ipynb"), TimeSpan.FromMinutes(3)); // the kernel VS Code starts

        Assert.True(init.ExitCode == 0, init.Error);
        Assert.True(Directory.Exists(Path.Combine(folder, ".workbench", "lib")), "the library is linked into the project");
        Assert.True(pipeline.ExitCode == 0, pipeline.Output + pipeline.Error);
        Assert.Contains("Pipeline of shop (dev) succeeded", pipeline.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "artifacts", "notebooks", "explore.html")));
        var artifacts = Path.Combine(folder, "artifacts");
        var index = Path.Combine(artifacts, "index.html"); // one page for the run, linking the others
        var links = PageLinks.Of(index);
        Assert.Contains("notebooks/explore.html", links);
        Assert.Contains("reports/lineage.html", links);
        Assert.Contains("reports/data-dictionary.html", links);
        Assert.Empty(PageLinks.Broken(index, artifacts)); // relative, and there
        Assert.Contains("<a href=\"../index.html\">All pages of this run</a>", await File.ReadAllTextAsync(Path.Combine(folder, "artifacts", "notebooks", "explore.html")), StringComparison.Ordinal); // and back
        var dictionaryPage = Path.Combine(artifacts, "reports", "data-dictionary.html");
        var dictionary = await File.ReadAllTextAsync(dictionaryPage);
        Assert.Contains("Read by: <a href=", dictionary, StringComparison.Ordinal); // a raw table links the models that read it
        Assert.Contains("<summary>Contract: <code>contracts/raw/orders.odcs.yaml</code></summary><pre>", dictionary, StringComparison.Ordinal); // the YAML is in the page
        Assert.Empty(PageLinks.MissingAnchors(dictionaryPage));
        Assert.Empty(PageLinks.Broken(dictionaryPage, artifacts)); // relative, and within the run's pages
        Assert.Contains("0 failed, 0 warning(s)", tests.Output, StringComparison.Ordinal);
        Assert.Contains("1 unit test(s): 1 passed, 0 failed.", unit.Output, StringComparison.Ordinal);
        Assert.True(script.ExitCode == 0, script.Output + script.Error);
        Assert.Contains("Germany", script.Output, StringComparison.Ordinal);
        Assert.True(inTool.Count > 0 && inTool.All(c => c.Outcome.Succeeded), string.Join("\n", inTool.Where(c => !c.Outcome.Succeeded).Select(c => $"'{c.Cell.FirstLine}': {c.Outcome.Error}")));
    }

    [Fact]
    public async Task Init_IntoAFolderThatHasFiles_RefusesAndWritesNothing()
    {
        var folder = Path.Combine(Temp.Path, "busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        var init = await WorkbenchCommand.RunAsync(Temp.Path, "init", folder);

        Assert.Equal(1, init.ExitCode);
        Assert.Contains("is not empty", init.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string folder)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(Path.Combine("scripts", "summary.cs"));
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
