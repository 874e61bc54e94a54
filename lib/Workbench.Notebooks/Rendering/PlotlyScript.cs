using System.Globalization;
using System.Net;

namespace Workbench.Notebooks.Rendering;

/// <summary>
/// Charts in outputs are a placeholder div plus the figure as JSON in a typed script tag; pages load plotly.js once
/// (the copy shipped inside the Plotly.NET package, so nothing is fetched from a CDN) and render every figure.
/// </summary>
public static class PlotlyScript
{
    public const string FigureMarker = "application/vnd.workbench.plotly+json";

    /// <summary>plotly.min.js as shipped in the Plotly.NET assembly.</summary>
    public static readonly Lazy<string> Source = new(() =>
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.min.js; update PlotlyScript to the new location.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    });

    /// <summary>Renders every figure placeholder on the page that has not been drawn yet.</summary>
    public const string RenderAll = """
        (function(){if(!window.Plotly)return;document.querySelectorAll('script[type="application/vnd.workbench.plotly+json"]').forEach(function(s){
        var d=document.getElementById(s.dataset.target);if(!d||d.dataset.drawn)return;var f=JSON.parse(s.textContent);
        var l=f.layout||{};delete l.width;delete l.height;l.autosize=true;
        d.dataset.drawn='1';Plotly.newPlot(d,f.data||[],l,Object.assign({responsive:true},f.config||{}));});})();
        """;

    /// <summary>The HTML for one figure (plotly figure JSON); <paramref name="includeLibrary"/> inlines plotly.js before it.</summary>
    public static string Figure(string figureJson, bool includeLibrary)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        var id = "wb-plot-" + Guid.NewGuid().ToString("N")[..12];
        var library = includeLibrary ? "<script>" + Source.Value + "</script>" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"<div id=\"{id}\" class=\"wb-plot\" style=\"width:100%;height:420px\"></div>{library}" +
            $"<script type=\"{FigureMarker}\" data-target=\"{id}\">{figureJson.Replace("</", "<\\/", StringComparison.Ordinal)}</script>" +
            $"<script>{RenderAll}</script>");
    }
}
