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
        var dictionary = DataDictionary.Build(session.Contracts("nothing was written")) with { Models = ModelsOf(session) };
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
                : HtmlDictionary.Render(dictionary, session.Project.Root, DateTimeOffset.UtcNow, session.Masker.Apply));
        }

        return new DocsRendered(Outputs, null, dictionary.Tables.Count, dictionary.Tables.Sum(t => t.Columns.Count));
    }

    /// <summary>
    /// The model behind each table and the models that read each table, by physical name, so the dictionary shows a
    /// table's SQL and links its neighbours. A project whose models cannot be read still gets its dictionary, without them.
    /// </summary>
    private static Dictionary<string, DictionaryModel> ModelsOf(WorkbenchSession session)
    {
        Models.ModelProject project;
        try
        {
            project = session.Models();
        }
        catch (Errors.WorkbenchException)
        {
            return [];
        }

        var byTable = project.Models.Values.ToDictionary(
            m => m.Id.ToString().ToLowerInvariant(),
            m => new DictionaryModel(m.Path, m.Sql, m.Materialization.ToString().ToLowerInvariant(), Models.ModelProject.Reads(m), [.. project.ReadBy(m.Id.ToString()).Select(id => id.ToString())]));
        foreach (var source in project.Models.Values.SelectMany(Models.ModelProject.Reads).Select(t => t.ToLowerInvariant()).Distinct().Where(t => !byTable.ContainsKey(t)))
        {
            byTable[source] = new DictionaryModel(string.Empty, string.Empty, "source", [], [.. project.ReadBy(source).Select(id => id.ToString())]);
        }

        return byTable;
    }
}

/// <summary>What was rendered: the files, or the Markdown itself.</summary>
public sealed record DocsRendered(IReadOnlyList<string> Files, string? Markdown, int Tables, int Columns);
