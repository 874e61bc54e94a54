using Workbench.Models;

namespace Workbench.Application;

/// <summary>Draw the model graph: Mermaid text (for READMEs) or a self-contained HTML page (default <c>artifacts/reports/lineage.html</c>).</summary>
public sealed record RenderLineage(IReadOnlyList<string>? Select = null, bool Mermaid = false, string? Output = null)
{
    /// <summary>Returns the Mermaid text (also written when <see cref="Output"/> is given), or the path of the page written.</summary>
    public LineageRendered Run(WorkbenchSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = session.Models(null);
        if (Mermaid)
        {
            var text = ModelLineage.Mermaid(project, session.Select(project, Select));
            if (Output is { } file)
            {
                Write(file, text);
            }

            return new LineageRendered(Output, text, project.Models.Count);
        }

        var path = Output ?? Path.Combine(session.Project.Reports, "lineage.html");
        Write(path, ModelLineage.Html(project, DateTimeOffset.UtcNow, DictionaryAnchors(session)));
        return new LineageRendered(path, null, project.Models.Count);
    }

    /// <summary>Where each table is in the data dictionary (its anchor), when the contracts can be read.</summary>
    private static Func<string, string?>? DictionaryAnchors(WorkbenchSession session)
    {
        try
        {
            var dictionary = Contracts.Documentation.DataDictionary.Build(session.Contracts());
            return name => dictionary.Find(name)?.Anchor;
        }
        catch (Errors.WorkbenchException)
        {
            return null;
        }
    }

    private static void Write(string path, string text) => Text.AtomicFile.WriteText(path, text);
}

/// <summary>Where the lineage went: a file, and the Mermaid text when that was asked for.</summary>
public sealed record LineageRendered(string? Path, string? Mermaid, int Models);
