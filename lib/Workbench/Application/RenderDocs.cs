using Workbench.Contracts.Documentation;

namespace Workbench.Application;

/// <summary>
/// Render the data dictionary from the project's contracts: tables, columns, types, descriptions, rules,
/// relationships, SLAs. <c>.md</c> outputs are Markdown, others a self-contained HTML page with a filter box.
/// </summary>
public sealed record RenderDocs(IReadOnlyList<string> Outputs)
{
    /// <summary>The dictionary as Markdown when no output is given; otherwise the files written.</summary>
    public DocsRendered Run(WorkbenchSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dictionary = DataDictionary.Build(session.Contracts("nothing was written"));
        if (Outputs.Count == 0)
        {
            return new DocsRendered([], MarkdownDictionary.Render(dictionary, session.Project.Root), dictionary.Tables.Count, dictionary.Tables.Sum(t => t.Columns.Count));
        }

        if (Outputs.FirstOrDefault(t => Path.GetExtension(t).ToLowerInvariant() is not (".md" or ".html" or ".htm")) is { } unknown)
        {
            throw new ArgumentException($"{unknown}: the format comes from the extension; use .md or .html.");
        }

        foreach (var target in Outputs)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
            Text.AtomicFile.WriteText(target, Path.GetExtension(target).Equals(".md", StringComparison.OrdinalIgnoreCase)
                ? MarkdownDictionary.Render(dictionary, folder)
                : HtmlDictionary.Render(dictionary, folder, DateTimeOffset.UtcNow));
        }

        return new DocsRendered(Outputs, null, dictionary.Tables.Count, dictionary.Tables.Sum(t => t.Columns.Count));
    }
}

/// <summary>What was rendered: the files, or the Markdown itself.</summary>
public sealed record DocsRendered(IReadOnlyList<string> Files, string? Markdown, int Tables, int Columns);
