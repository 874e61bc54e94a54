using System.Text;

namespace Workbench.Notebooks.Parameters;

/// <summary>Prints a notebook's parameters as a table: name, type, default, description.</summary>
public static class ParameterTable
{
    public static string Render(IReadOnlyList<NotebookParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return "The notebook declares no parameters (tag a cell 'parameters' to declare some)." + Environment.NewLine;
        }

        var rows = parameters.Select(p => new[]
        {
            p.Name,
            p.Type is null ? $"{p.TypeName} (unsupported: declare one of {string.Join(", ", ParameterType.Supported.Select(t => t.CSharpName))})" : p.TypeName,
            p.Default,
            p.Description ?? string.Empty,
        }).Prepend(["name", "type", "default", "description"]).ToList();
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder("Parameters:" + Environment.NewLine);
        foreach (var row in rows)
        {
            text.AppendLine("  " + string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
