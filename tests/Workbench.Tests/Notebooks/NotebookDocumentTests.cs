using Workbench.Notebooks.Documents;

namespace Workbench.Tests.Notebooks;

public sealed class NotebookDocumentTests
{
    [Fact]
    public void Parse_InvalidJson_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("broken.ipynb", "{\n  \"cells\": [\n    {\"cell_type\": \"code\",,}\n  ]\n}"));

        Assert.Equal("broken.ipynb", error.Path);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("broken.ipynb:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OldNbformat_SaysHowToConvert()
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("old.ipynb", "{\"nbformat\": 3, \"worksheets\": []}"));

        Assert.Contains("nbformat is 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("nbconvert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelName_ComesFromPolyglotMetadataOrAMagicLine()
    {
        var doc = NotebookDocument.Parse("k.ipynb", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "code", "metadata": {"polyglot_notebook": {"kernelName": "sql"}}, "source": ["SELECT 1"], "outputs": []},
              {"cell_type": "code", "metadata": {}, "source": ["#!sql\n", "SELECT 2"], "outputs": []},
              {"cell_type": "code", "metadata": {"dotnet_interactive": {"language": "csharp"}}, "source": "1 + 1", "outputs": []}
            ]}
            """);

        Assert.Equal(["sql", "sql", "csharp"], doc.Cells.Select(c => c.KernelName(doc.DefaultKernelName)));
        Assert.Equal("SELECT 2", doc.Cells[1].CodeFor("sql"));
    }

    [Fact]
    public void SaveThenLoad_KeepsMetadataTheRunnerDoesNotUse()
    {
        var text = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"custom": {"keep": true}},
             "cells": [{"cell_type": "markdown", "metadata": {"other": 1}, "source": "x", "id": "abc"}]}
            """;
        var path = Path.Combine(Path.GetTempPath(), $"wb-{Guid.NewGuid():N}.ipynb");
        NotebookDocument.Parse(path, text).Save(path);

        var again = File.ReadAllText(path);
        File.Delete(path);

        Assert.Contains("\"keep\": true", again, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"abc\"", again, StringComparison.Ordinal);
        Assert.Contains("\"other\": 1", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_OfAReport_ShowsProseAndResultsWithoutCodeOrExercises_ButAFailingCellsCode()
    {
        var notebook = NotebookDocument.Parse("report.ipynb", """
            {"cells":[{"cell_type":"markdown","metadata":{},"source":["# Revenue"]},
              {"cell_type":"code","execution_count":1,"metadata":{"workbench":{"status":"succeeded"}},"outputs":[],"source":["using Setup;"]},
              {"cell_type":"code","execution_count":2,"metadata":{"workbench":{"status":"succeeded"}},"outputs":[{"output_type":"stream","name":"stdout","text":"total 42\n"}],"source":["Console.WriteLine(\"total 42\");"]},
              {"cell_type":"markdown","metadata":{"tags":["exercise"]},"source":["## Try it: chart the weekdays"]},
              {"cell_type":"code","execution_count":3,"metadata":{"tags":["exercise"],"workbench":{"status":"succeeded"}},"outputs":[{"output_type":"stream","name":"stdout","text":"checkpoint off\n"}],"source":["Checkpoint();"]},
              {"cell_type":"code","execution_count":4,"metadata":{"workbench":{"status":"failed"}},"outputs":[],"source":["throw new Exception(\"broken\");"]}],
             "metadata":{"workbench":{"report":true}},"nbformat":4,"nbformat_minor":5}
            """);

        var html = Workbench.Notebooks.Rendering.NotebookHtmlRenderer.Render(notebook);

        Assert.True(notebook.IsReport);
        Assert.Contains(">Revenue</h1>", html, StringComparison.Ordinal);
        Assert.Contains("total 42", html, StringComparison.Ordinal);
        Assert.DoesNotContain("using Setup;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Console.WriteLine", html, StringComparison.Ordinal);
        Assert.Contains("throw new Exception", html, StringComparison.Ordinal); // what failed is shown
        Assert.DoesNotContain("Try it", html, StringComparison.Ordinal);
        Assert.DoesNotContain("checkpoint off", html, StringComparison.Ordinal);
    }
}
