using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Documents;
using Workbench.Notebooks.Hosting;

namespace Workbench.Notebooks.Running;

/// <summary>
/// The executed copy of a notebook being filled in from host messages: outputs, execution counts, per-cell start time
/// and duration in metadata, and, on failure, an error output plus a visible banner above the failing cell.
/// </summary>
internal sealed class ExecutedNotebook
{
    public const string InjectedTag = "injected-parameters";
    public const string ErrorBannerTag = "workbench-error";

    private readonly Dictionary<NotebookCell, int?> _sourceNumbers = [];

    /// <summary>Stream outputs still being written: their text is gathered here (appending to a string is quadratic) until <see cref="Seal"/>.</summary>
    private readonly Dictionary<JsonObject, System.Text.StringBuilder> _streams = [];

    /// <summary>The outputs that may be updated later (display ids are kernel state, not nbformat: the file never carries them).</summary>
    private readonly Dictionary<string, (NotebookCell Cell, JsonObject Output)> _displays = new(StringComparer.Ordinal);
    private int _executionCount;

    public ExecutedNotebook(NotebookDocument source, string outputPath, string? injectedCode)
    {
        Document = source.Clone(outputPath);
        for (var i = 0; i < Document.Cells.Count; i++)
        {
            var cell = Document.Cells[i];
            _sourceNumbers[cell] = i + 1;
            if (cell.Kind == CellKind.Code)
            {
                cell.Outputs.Clear();
                cell.Json["execution_count"] = null;
                cell.Metadata.Remove("workbench");
            }
        }

        Document.Cells.RemoveAll(c => c.Tags.Contains(ErrorBannerTag) || c.Tags.Contains(InjectedTag));
        if (injectedCode is not null)
        {
            var injected = NotebookCell.CreateCode(injectedCode, KernelAliases.CSharp);
            injected.Metadata["tags"] = new JsonArray(InjectedTag);
            _sourceNumbers[injected] = null;
            Document.Cells.Insert(Parameters.ParameterCellParser.FindParameterCell(Document) + 1, injected);
        }

        Document.EnsureCellIds();
    }

    public NotebookDocument Document { get; }

    public int? SourceNumber(NotebookCell cell) => _sourceNumbers[cell];

    public void Start(NotebookCell cell, DateTimeOffset started)
    {
        cell.Json["execution_count"] = ++_executionCount;
        cell.Metadata["workbench"] = new JsonObject { ["started"] = started.ToString("o", CultureInfo.InvariantCulture), ["status"] = "running" };
    }

    public void AddOutput(NotebookCell cell, JsonObject output, string? replaces)
    {
        if (output["execution_count"] is not null)
        {
            output["execution_count"] = cell.Json["execution_count"]?.DeepClone();
        }

        // nbformat keeps no display ids (a "transient" field is invalid in a file): they are kept here, to find what an
        // update replaces, wherever it is (an update may come from a later cell).
        var displayId = (string?)output["transient"]?["display_id"];
        output.Remove("transient");
        if (replaces is not null && _displays.TryGetValue(replaces, out var shown))
        {
            var index = shown.Cell.Outputs.IndexOf(shown.Output);
            if (index >= 0)
            {
                shown.Cell.Outputs[index] = output;
                _displays[replaces] = (shown.Cell, output);
                return;
            }
        }

        if (displayId is not null)
        {
            _displays[displayId] = (cell, output);
        }

        // Consecutive stream outputs of the same stream are merged, as Jupyter does.
        if ((string?)output["output_type"] == "stream" && cell.Outputs.Count > 0 && cell.Outputs[^1] is JsonObject last &&
            (string?)last["output_type"] == "stream" && (string?)last["name"] == (string?)output["name"])
        {
            if (!_streams.TryGetValue(last, out var text))
            {
                _streams[last] = text = new System.Text.StringBuilder((string?)last["text"]);
            }

            text.Append((string?)output["text"]);
            return;
        }

        cell.Outputs.Add(output);
    }

    public void Finish(NotebookCell cell, CellStatus status, TimeSpan duration, CellError? error)
    {
        var meta = cell.Metadata["workbench"] as JsonObject ?? [];
        meta["status"] = status.ToString().ToLowerInvariant();
        meta["duration_ms"] = Math.Round(duration.TotalMilliseconds, 1);
        cell.Metadata["workbench"] = meta;
        if (error is null)
        {
            return;
        }

        var traceback = new JsonArray();
        foreach (var line in (error.StackTrace ?? $"{error.Name}: {error.Message}").Split('\n'))
        {
            traceback.Add(line.TrimEnd('\r'));
        }

        cell.Outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = error.Name,
            ["evalue"] = error.Message,
            ["traceback"] = traceback,
        });
    }

    /// <summary>Adds the banner above the failing cell and a summary at the top that links to it, as papermill does.</summary>
    public void MarkFailure(NotebookCell cell, NotebookFailure failure, string notebookName)
    {
        var index = Document.Cells.IndexOf(cell);
        var message = WebUtility.HtmlEncode(failure.Describe(notebookName));
        var banner = NotebookCell.CreateMarkdown(
            "<span id=\"workbench-failed-cell\"></span>\n" +
            "<div style=\"background:#fde8e8;border-left:6px solid #c62828;padding:8px 12px;color:#8e0000;font-weight:600\">" +
            $"&#9888; Execution stopped here. {message}</div>\n");
        banner.Metadata["tags"] = new JsonArray(ErrorBannerTag);
        _sourceNumbers[banner] = null;
        Document.Cells.Insert(index, banner);

        var summary = NotebookCell.CreateMarkdown(
            "<div style=\"background:#fde8e8;border:1px solid #c62828;padding:8px 12px;color:#8e0000\">" +
            $"<b>This run failed.</b> {message} <a href=\"#workbench-failed-cell\">Go to the failing cell</a>.</div>\n");
        summary.Metadata["tags"] = new JsonArray(ErrorBannerTag);
        _sourceNumbers[summary] = null;
        Document.Cells.Insert(0, summary);
    }

    /// <summary>
    /// Writes the gathered stream text into the notebook, keeping of each output at most <paramref name="limits"/>' lines
    /// and characters (head and tail, with a note of what was left out in between), and at most their notebook total.
    /// </summary>
    public void Seal(OutputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var total = 0L;
        foreach (var output in Document.Cells.Where(c => c.Kind == CellKind.Code).SelectMany(c => c.Outputs.OfType<JsonObject>()).Where(o => (string?)o["output_type"] == "stream"))
        {
            var text = _streams.TryGetValue(output, out var gathered) ? gathered.ToString() : (string?)output["text"] ?? string.Empty;
            var kept = OutputTrimmer.Trim(text, limits.CellLines, (int)Math.Min(limits.CellChars, Math.Max(0, limits.NotebookChars - total)));
            total += kept.Length;
            output["text"] = kept;
        }

        _streams.Clear();
    }

    /// <summary>Records the run in the notebook's <c>workbench</c> metadata, keeping what the notebook itself says there (<c>report</c>).</summary>
    public void SetRunMetadata(JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var root = (JsonObject)Document.Json["metadata"]!;
        if (root["workbench"] is not JsonObject workbench)
        {
            root["workbench"] = workbench = new JsonObject();
        }

        foreach (var (key, value) in metadata.ToList())
        {
            metadata.Remove(key);
            workbench[key] = value;
        }
    }
}
