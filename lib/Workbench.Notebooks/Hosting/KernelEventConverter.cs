using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Hosting;

/// <summary>Turns .NET Interactive kernel events into nbformat output objects.</summary>
internal static class KernelEventConverter
{
    public static JsonObject? ToOutput(KernelEvent kernelEvent, int executionCount) => kernelEvent switch
    {
        StandardOutputValueProduced e => Stream("stdout", e.FormattedValues),
        StandardErrorValueProduced e => Stream("stderr", e.FormattedValues),
        ReturnValueProduced e when e.FormattedValues.Count > 0 => Display("execute_result", e, executionCount),
        DisplayEvent e and (DisplayedValueProduced or DisplayedValueUpdated) => Display("display_data", e, executionCount),
        _ => null,
    };

    /// <summary>
    /// Trims an output that is too large to carry whole: stream text to its head and tail (as the executed notebook
    /// keeps it anyway), a display value past the notebook's whole budget to a note saying what it was.
    /// </summary>
    public static void Bound(JsonObject output, Running.OutputLimits limits)
    {
        if (output["text"] is JsonValue text && text.GetValue<string>() is { } value && value.Length > limits.CellChars)
        {
            output["text"] = Running.OutputTrimmer.Trim(value, limits.CellLines, limits.CellChars);
        }

        if (output["data"] is JsonObject data)
        {
            foreach (var (mime, node) in data.ToList())
            {
                if (node is JsonValue v && v.GetValue<string>() is { } s && s.Length > limits.NotebookChars)
                {
                    data.Remove(mime);
                    data["text/plain"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"[a {mime} output of {s.Length / 1_000_000.0:0.0} MB was left out: the notebook keeps at most {limits.NotebookChars / 1_000_000.0:0.0} MB of output]");
                }
            }
        }
    }

    /// <summary>A JSON MIME type (<c>application/…+json</c>) is stored as the JSON it is, as nbformat expects and front ends read it; others as text.</summary>
    private static JsonNode? JsonValueOf(FormattedValue value)
    {
        if (value.MimeType.EndsWith("+json", StringComparison.Ordinal) || value.MimeType == "application/json")
        {
            try
            {
                return JsonNode.Parse(value.Value);
            }
            catch (System.Text.Json.JsonException)
            {
                // not JSON after all: kept as text
            }
        }

        return value.Value;
    }

    private static JsonObject Stream(string name, IReadOnlyCollection<FormattedValue> values) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = string.Concat(values.Where(v => v.MimeType == "text/plain").Select(v => v.Value)),
    };

    private static JsonObject Display(string outputType, DisplayEvent e, int executionCount)
    {
        var data = new JsonObject();
        foreach (var value in e.FormattedValues.Where(v => !v.SuppressDisplay))
        {
            data[value.MimeType] = JsonValueOf(value);
        }

        var output = new JsonObject
        {
            ["output_type"] = outputType,
            ["data"] = data,
            ["metadata"] = new JsonObject(),
        };
        if (outputType == "execute_result")
        {
            output["execution_count"] = executionCount;
        }

        if (e.ValueId is not null)
        {
            output["transient"] = new JsonObject { ["display_id"] = e.ValueId };
        }

        return output;
    }
}
