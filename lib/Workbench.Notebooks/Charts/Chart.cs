using System.Globalization;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Charts;

/// <summary>
/// A chart as plotly.js draws it: traces and a layout, built in C# and rendered by the notebook's formatter with the
/// plotly.js Workbench ships (offline). It needs no F# at run time, so it renders the same in Workbench's own runner and
/// in the dotnet-interactive kernel VS Code starts, where Plotly.NET's F# runtime clashes with the kernel's own.
/// </summary>
public sealed record Chart(IReadOnlyList<JsonObject> Traces, string? Title = null, string? XTitle = null, string? YTitle = null)
{
    /// <summary>A line over <paramref name="x"/> (dates, numbers or text) and <paramref name="y"/>.</summary>
    public static Chart Line<TX>(IEnumerable<TX> x, IEnumerable<double> y, string? name = null) =>
        new([Trace("scatter", name, ("x", Values(x)), ("y", Values(y)), ("mode", JsonValue.Create("lines")))]);

    /// <summary>One bar per key.</summary>
    public static Chart Column(IEnumerable<string> keys, IEnumerable<double> values, string? name = null) =>
        new([Trace("bar", name, ("x", Values(keys)), ("y", Values(values)))]);

    /// <summary>How <paramref name="values"/> are distributed, in <paramref name="bins"/> bins (default: plotly.js chooses).</summary>
    public static Chart Histogram(IEnumerable<double> values, int? bins = null, string? name = null) =>
        new([Trace("histogram", name, ("x", Values(values)), ("nbinsx", bins is { } b ? JsonValue.Create(b) : null))]);

    /// <summary>A grid of <paramref name="z"/> values (rows by <paramref name="y"/>, columns by <paramref name="x"/>; null for an empty cell), coloured by value.</summary>
    public static Chart Heatmap<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, IEnumerable<IEnumerable<double?>> z, string? name = null) =>
        new([Trace("heatmap", name, ("x", Values(x)), ("y", Values(y)), ("z", new JsonArray([.. z.Select(row => (JsonNode)Values(row))])), ("colorscale", JsonValue.Create("Blues")), ("reversescale", JsonValue.Create(true)))]);

    public Chart WithTitle(string title) => this with { Title = title };

    public Chart WithXTitle(string title) => this with { XTitle = title };

    public Chart WithYTitle(string title) => this with { YTitle = title };

    /// <summary>This chart's traces drawn over <paramref name="other"/>'s, on the same axes.</summary>
    public Chart Combine(Chart other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Traces = [.. Traces, .. other.Traces] };
    }

    /// <summary>The plotly.js figure: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public string ToFigureJson()
    {
        var layout = new JsonObject();
        if (Title is not null)
        {
            layout["title"] = new JsonObject { ["text"] = Title };
        }

        if (XTitle is not null)
        {
            layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = XTitle } };
        }

        if (YTitle is not null)
        {
            layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = YTitle } };
        }

        return new JsonObject { ["data"] = new JsonArray([.. Traces.Select(t => (JsonNode)t.DeepClone())]), ["layout"] = layout }.ToJsonString();
    }

    private static JsonObject Trace(string type, string? name, params (string Key, JsonNode? Value)[] fields)
    {
        var trace = new JsonObject { ["type"] = type };
        if (name is not null)
        {
            trace["name"] = name;
        }

        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            trace[key] = value;
        }

        return trace;
    }

    /// <summary>Values as plotly.js reads them: numbers, text, and dates as ISO 8601.</summary>
    private static JsonArray Values<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new JsonArray([.. values.Select(v => v switch
        {
            null => null,
            DateTime d => JsonValue.Create(d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            double x => JsonValue.Create(x),
            decimal x => JsonValue.Create(x),
            long x => JsonValue.Create(x),
            int x => JsonValue.Create(x),
            _ => (JsonNode?)JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
        })]);
    }
}
