using System.Globalization;
using System.Text;

namespace Workbench.Contracts.Documentation;

/// <summary>Renders the data dictionary as GitHub-flavoured Markdown, linking each table to its contract file.</summary>
public static class MarkdownDictionary
{
    /// <param name="outputFolder">Where the Markdown file will live; contract links are made relative to it.</param>
    public static string Render(DataDictionary dictionary, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var md = new StringBuilder();
        md.AppendLine("# Data dictionary");
        md.AppendLine();
        md.AppendLine("Generated from the ODCS contracts by `./workbench contract docs`; edit the contracts, not this file.");
        md.AppendLine();
        md.AppendLine("| Layer | Table | Columns | Contract | Purpose |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in dictionary.Tables)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Layer} | [{Cell(t.Table.Name)}](#{t.Anchor}) | {t.Columns.Count} | {Cell(t.Contract.Id)} {Cell(t.Contract.Version)} | {Cell(t.Table.Description ?? t.Contract.Purpose)} |");
        }

        foreach (var t in dictionary.Tables)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"<a id=\"{t.Anchor}\"></a>");
            md.AppendLine(CultureInfo.InvariantCulture, $"## {t.Table.Name}");
            md.AppendLine();
            var link = Path.GetRelativePath(outputFolder, Path.GetFullPath(t.Contract.File)).Replace('\\', '/');
            md.AppendLine(CultureInfo.InvariantCulture,
                $"`{ContractDdl.TableNameOf(t.Table)}` ({t.Table.PhysicalType ?? "table"}) · contract [{t.Contract.Id} {t.Contract.Version}]({link}) · {t.Contract.Status}");
            foreach (var text in new[] { t.Contract.Purpose, t.Table.Description, t.Contract.Usage is null ? null : "Usage: " + t.Contract.Usage, t.Contract.Limitations is null ? null : "Limitations: " + t.Contract.Limitations }.OfType<string>().Distinct())
            {
                md.AppendLine();
                md.AppendLine(text.Trim());
            }

            md.AppendLine();
            md.AppendLine("| Column | Type | Key | Rules | References | Description |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var c in t.Columns)
            {
                var rules = c.Constraints.Concat(c.Rules).Concat(c.Property.Classification is { } cls ? [$"classification: {cls}"] : []);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Cell(c.Property.Name)} | {Cell(c.Type)} | {(c.Key ? "PK" + (c.Property.PrimaryKeyPosition > 0 ? c.Property.PrimaryKeyPosition.ToString(CultureInfo.InvariantCulture) : string.Empty) : string.Empty)} | " +
                    $"{Cell(string.Join("; ", rules))} | {string.Join(", ", c.References.Select(r => $"[{Cell(r)}](#{Anchor(r)})"))} | {Cell(c.Property.Description)} |");
            }

            List("Table rules", t.Rules, md);
            List("Referenced by", t.ReferencedBy, md);
            List("Service levels", t.Slas, md);
        }

        return md.ToString();
    }

    private static void List(string title, IReadOnlyList<string> items, StringBuilder md)
    {
        if (items.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{title}:");
        md.AppendLine();
        foreach (var item in items)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {item}");
        }
    }

    private static string Anchor(string reference) => reference[..Math.Max(0, reference.LastIndexOf('.'))].ToLowerInvariant();

    private static string Cell(string? text) =>
        (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim();
}
