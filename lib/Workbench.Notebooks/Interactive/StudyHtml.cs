using System.Net;
using Workbench.Application;

namespace Workbench.Notebooks.Interactive;

/// <summary>How the walkthroughs show what a student reads: a model with its neighbours, a project file, an exercise's checkpoint.</summary>
internal static class StudyHtml
{
    private const string Pre = "background:#f6f8fa;padding:.6rem .8rem;border-radius:6px;overflow:auto;font-size:12px";

    public static string Model(ModelShown shown) =>
        $"<div><p><b>{E(shown.Model.Id.ToString())}</b> · {E(shown.Model.Materialization.ToString().ToLowerInvariant())} · <code>{E(shown.Model.Path)}</code>" +
        $"{(shown.Model.Description is { } d ? "<br>" + E(d) : string.Empty)}<br>reads: {E(shown.Upstream.Count == 0 ? "(nothing)" : string.Join(", ", shown.Upstream))}" +
        $"<br>read by: {E(shown.Downstream.Count == 0 ? "(nothing)" : string.Join(", ", shown.Downstream))}<br>contract: <code>{E(shown.ContractFile ?? "(none)")}</code></p>" +
        $"<pre style=\"{Pre}\">{E(shown.Source)}</pre></div>";

    public static string File(ProjectFileText file) => $"<div><p><code>{E(file.File)}</code></p><pre style=\"{Pre}\">{E(file.Text)}</pre></div>";

    public static string Checkpoint(Checkpoint checkpoint)
    {
        var (colour, background) = checkpoint.Passed switch
        {
            true => ("#1a7f37", "#dafbe1"),
            false => ("#9a6700", "#fff8c5"),
            null => ("#57606a", "#f6f8fa"),
        };
        return $"<div style=\"border-left:6px solid {colour};background:{background};padding:.5rem .8rem\">{E(checkpoint.ToString())}</div>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
