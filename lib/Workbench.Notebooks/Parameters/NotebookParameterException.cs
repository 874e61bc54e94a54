using System.Text;
using Workbench.Errors;

namespace Workbench.Notebooks.Parameters;

/// <summary>Parameter values given to a notebook were wrong. The message lists every problem and the notebook's parameters.</summary>
public sealed class NotebookParameterException : WorkbenchException
{
    public NotebookParameterException(string notebook, IReadOnlyList<string> problems, IReadOnlyList<NotebookParameter> parameters)
        : base(Describe(notebook, problems, parameters))
    {
        Notebook = notebook;
        Problems = problems;
        Parameters = parameters;
    }

    public override int ExitCode => 2;

    public string Notebook { get; }

    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<NotebookParameter> Parameters { get; }

    private static string Describe(string notebook, IReadOnlyList<string> problems, IReadOnlyList<NotebookParameter> parameters)
    {
        var text = new StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{notebook}: bad parameter value(s):");
        foreach (var problem in problems)
        {
            text.AppendLine("  - " + problem);
        }

        text.Append(ParameterTable.Render(parameters));
        return text.ToString();
    }
}
