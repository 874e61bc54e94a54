using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Documents;

/// <summary>
/// One nbformat cell, backed by its JSON so that metadata we do not use survives a round trip.
/// </summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json)
    {
        Json = json;
    }

    internal JsonObject Json { get; }

    public CellKind Kind => (string?)Json["cell_type"] switch
    {
        "code" => CellKind.Code,
        "markdown" => CellKind.Markdown,
        _ => CellKind.Raw,
    };

    /// <summary>The cell's text (nbformat stores it as a string or as a list of lines).</summary>
    public string Source
    {
        get => Json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue text => (string?)text ?? string.Empty,
            _ => string.Empty,
        };
        set => Json["source"] = SplitLines(value);
    }

    /// <summary>The first non-blank line, for messages that have to say which cell.</summary>
    public string FirstLine => Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty cell)";

    public JsonObject Metadata => Json["metadata"] as JsonObject ?? (JsonObject)(Json["metadata"] = new JsonObject());

    public IReadOnlyList<string> Tags => Metadata["tags"] is JsonArray tags ? tags.Select(t => (string?)t ?? string.Empty).ToList() : [];

    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());

    /// <summary>The cell's nbformat 4.5 id (unique in its notebook), or null in a notebook written before ids.</summary>
    public string? Id => (string?)Json["id"];

    /// <summary>A new cell id: 12 hex digits, which nbformat's pattern (<c>^[a-zA-Z0-9-_]+$</c>, 1-64 characters) allows.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    public static NotebookCell CreateCode(string source, string kernelName) => new(new JsonObject
    {
        ["id"] = NewId(),
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernelName } },
        ["outputs"] = new JsonArray(),
        ["source"] = SplitLines(source),
    });

    public static NotebookCell CreateMarkdown(string source) => new(new JsonObject
    {
        ["id"] = NewId(),
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = SplitLines(source),
    });

    /// <summary>The kernel a code cell runs in: its Polyglot metadata, a leading <c>#!kernel</c> line, or the notebook's default.</summary>
    public string KernelName(string notebookDefault)
    {
        var firstLine = Source.TrimStart().Split('\n')[0].Trim();
        if (firstLine.StartsWith("#!", StringComparison.Ordinal) && KernelAliases.Resolve(firstLine[2..]) is { } magic)
        {
            return magic;
        }

        var name = (string?)Metadata["polyglot_notebook"]?["kernelName"]
            ?? (string?)Metadata["dotnet_interactive"]?["language"]
            ?? notebookDefault;
        return KernelAliases.Resolve(name) ?? name;
    }

    /// <summary>The code to submit: a leading kernel-selecting magic line is dropped (the kernel is chosen by name).</summary>
    public string CodeFor(string kernelName)
    {
        var source = Source;
        var trimmed = source.TrimStart();
        var firstLine = trimmed.Split('\n')[0].Trim();
        return firstLine.StartsWith("#!", StringComparison.Ordinal) && KernelAliases.Resolve(firstLine[2..]) == kernelName
            ? trimmed[Math.Min(trimmed.Length, trimmed.IndexOf('\n', StringComparison.Ordinal) is var i and >= 0 ? i + 1 : trimmed.Length)..]
            : source;
    }

    internal static JsonArray SplitLines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                array.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            array.Add(text[start..]);
        }

        return array;
    }
}
