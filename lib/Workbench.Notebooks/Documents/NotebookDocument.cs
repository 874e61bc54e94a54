using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Documents;

/// <summary>
/// An nbformat-4 notebook as VS Code Polyglot Notebooks saves it. Reading keeps the whole JSON so writing it back
/// loses nothing we did not touch.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(string path, JsonObject json, List<NotebookCell> cells)
    {
        Path = path;
        Json = json;
        Cells = cells;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    internal JsonObject Json { get; }

    public List<NotebookCell> Cells { get; }

    /// <summary>
    /// A report (notebook metadata <c>"workbench": {"report": true}</c>): its HTML page shows the prose and the results,
    /// not the code (a failing cell still shows its code, to say what failed).
    /// </summary>
    public bool IsReport => Json["metadata"]?["workbench"]?["report"] is JsonValue report && report.TryGetValue<bool>(out var yes) && yes;

    /// <summary>The kernel code cells use when they do not name one.</summary>
    public string DefaultKernelName =>
        KernelAliases.Resolve((string?)Json["metadata"]?["polyglot_notebook"]?["defaultKernelName"]
            ?? (string?)Json["metadata"]?["kernelspec"]?["language"] ?? "csharp") ?? KernelAliases.CSharp;

    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The notebook '{path}' does not exist.", path);
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static NotebookDocument Parse(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(path, e.LineNumber + 1, e.BytePositionInLine + 1,
                $"not valid JSON ({e.Message.Split(" Path:")[0].Trim()}). Open it in VS Code or a JSON editor to repair it.", e);
        }

        if (node is not JsonObject root)
        {
            throw new NotebookFormatException(path, null, null, "the top level is not a JSON object; an .ipynb file is an object with 'cells' and 'metadata'.");
        }

        var major = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (major is not 4)
        {
            throw new NotebookFormatException(path, null, null,
                $"nbformat is {(major is null ? "missing" : major.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}; Workbench reads nbformat 4. Re-save the notebook with VS Code or `jupyter nbconvert --to notebook`.");
        }

        if (root["cells"] is not JsonArray cells)
        {
            throw new NotebookFormatException(path, null, null, "it has no 'cells' array.");
        }

        var list = new List<NotebookCell>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || cell["cell_type"] is null)
            {
                throw new NotebookFormatException(path, null, null, $"cell {i + 1} is not an object with a 'cell_type'.");
            }

            list.Add(new NotebookCell(cell));
        }

        return new NotebookDocument(path, root, list);
    }

    /// <summary>
    /// Makes the notebook nbformat 4.5: every cell has an id, unique in the notebook and of the allowed characters
    /// (cells without one, or with a duplicate or invalid one, get a new one), and <c>nbformat_minor</c> is at least 5.
    /// </summary>
    public void EnsureCellIds()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in Cells)
        {
            if (cell.Id is not { Length: > 0 and <= 64 } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !seen.Add(id))
            {
                string fresh;
                do
                {
                    fresh = NotebookCell.NewId();
                }
                while (!seen.Add(fresh));
                cell.Json["id"] = fresh;
            }
        }

        if (Json["nbformat_minor"] is not JsonValue minor || !minor.TryGetValue<int>(out var m) || m < 5)
        {
            Json["nbformat_minor"] = 5;
        }
    }

    /// <summary>A deep copy, for writing an executed version without changing the source document.</summary>
    public NotebookDocument Clone(string newPath) => Parse(newPath, ToJson());

    public string ToJson()
    {
        var cells = new JsonArray();
        foreach (var cell in Cells)
        {
            cells.Add(cell.Json.DeepClone());
        }

        var root = (JsonObject)Json.DeepClone();
        root["cells"] = cells;
        return root.ToJsonString(Workbench.Text.JsonText.Serializer) + "\n";
    }

    /// <summary>Replaces every string in the document (sources, outputs, metadata) with what <paramref name="map"/> makes of it, e.g. secrets masked.</summary>
    public void MapStrings(Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        MapStrings(Json, map);
        foreach (var cell in Cells)
        {
            MapStrings(cell.Json, map);
        }
    }

    private static void MapStrings(JsonNode? node, Func<string, string> map)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var mapped = map(text);
                        if (!ReferenceEquals(mapped, text) && mapped != text)
                        {
                            obj[key] = mapped;
                        }
                    }
                    else
                    {
                        MapStrings(obj[key], map);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var mapped = map(text);
                        if (mapped != text)
                        {
                            array[i] = mapped;
                        }
                    }
                    else
                    {
                        MapStrings(array[i], map);
                    }
                }

                break;
        }
    }

    public void Save(string path)
    {
        Workbench.Text.AtomicFile.WriteText(path, ToJson());
    }

    /// <summary>Creates an empty notebook document (used by tests and generators).</summary>
    public static NotebookDocument Create(string path, IEnumerable<NotebookCell> cells)
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(
                            new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" },
                            new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "SQL", ["name"] = "sql" }),
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return new NotebookDocument(path, root, cells.ToList());
    }
}
