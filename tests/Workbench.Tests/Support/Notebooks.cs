using System.Text.Json.Nodes;
using Workbench.Notebooks.Documents;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Support;

/// <summary>Writes small notebooks for runner tests and runs them through the real host process.</summary>
public static class Notebooks
{
    public static NotebookCell Code(string source, string kernel = "csharp", string? tag = null)
    {
        var cell = NotebookCell.CreateCode(source, kernel);
        if (tag is not null)
        {
            cell.Metadata["tags"] = new JsonArray(tag);
        }

        return cell;
    }

    public static NotebookCell Markdown(string source) => NotebookCell.CreateMarkdown(source);

    /// <summary>
    /// The setup cell a Workbench notebook starts with, pointing at this test's bin folder and a DuckDB file in
    /// <paramref name="temp"/> (made a project by a minimal workbench.yaml). <paramref name="references"/> adds DLLs from the bin folder.
    /// </summary>
    public static NotebookCell Setup(TempDirectory temp, params string[] references)
    {
        if (!File.Exists(Path.Combine(temp.Path, "workbench.yaml")))
        {
            temp.File("workbench.yaml", "name: test\n");
        }

        var bin = AppContext.BaseDirectory;
        var refs = string.Concat(new[] { "Workbench.Notebooks.dll" }.Concat(references).Select(r => $"#r \"{Path.Combine(bin, r)}\"\n"));
        return Code(refs + "using Workbench.Notebooks.Interactive;\n" +
            $"var wb = await WorkbenchNotebook.StartAsync(\"dev\", \"duckdb:{Path.Combine(temp.Path, "w.duckdb")}\", \"{temp.Path}\");");
    }

    public static string Write(TempDirectory temp, string name, params NotebookCell[] cells)
    {
        var path = Path.Combine(temp.Path, name + ".ipynb");
        NotebookDocument.Create(path, cells).Save(path);
        return path;
    }

    public static Task<NotebookRunResult> RunAsync(
        string notebook,
        IReadOnlyDictionary<string, string>? parameters = null,
        TimeSpan? cellTimeout = null,
        TimeSpan? notebookTimeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        List<string>? progress = null,
        IReadOnlyDictionary<string, string>? inputs = null) =>
        NotebookRunner.RunAsync(new NotebookRunOptions(
            notebook,
            Path.Combine(Path.GetDirectoryName(notebook)!, "out"),
            parameters,
            cellTimeout,
            notebookTimeout,
            InterruptGrace: TimeSpan.FromSeconds(2))
        {
            Environment = environment,
            Inputs = inputs,
            Progress = progress is null ? null : line => { lock (progress) { progress.Add(line); } },
        });

    public static JsonObject ReadJson(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>How many times <paramref name="value"/> occurs in <paramref name="text"/>, without overlaps.</summary>
    public static int CountOf(string text, string value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
