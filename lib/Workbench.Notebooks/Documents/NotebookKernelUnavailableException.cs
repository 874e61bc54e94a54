using System.Globalization;
using Workbench.Errors;

namespace Workbench.Notebooks.Documents;

/// <summary>A notebook has cells in a language whose kernel the runner cannot have (F#, PowerShell): found before any cell runs.</summary>
public sealed class NotebookKernelUnavailableException : WorkbenchException
{
    public NotebookKernelUnavailableException(string path, IReadOnlyList<(int Cell, string Kernel)> cells)
        : base(Describe(path, cells))
    {
        Path = path;
        Cells = cells;
    }

    public string Path { get; }

    /// <summary>Each such cell (1-based, as the notebook numbers its cells) and its kernel.</summary>
    public IReadOnlyList<(int Cell, string Kernel)> Cells { get; }

    private static string Describe(string path, IReadOnlyList<(int Cell, string Kernel)> cells)
    {
        var which = string.Join(", ", cells.GroupBy(c => c.Kernel).Select(g =>
            $"{(g.Count() == 1 ? "cell" : "cells")} {string.Join(", ", g.Select(c => c.Cell.ToString(CultureInfo.InvariantCulture)))} {(g.Count() == 1 ? "is" : "are")} {g.Key}"));
        var kernels = string.Join(" or ", cells.Select(c => c.Kernel).Distinct());
        return $"{path}: {which}, and the notebook runner has no {kernels} kernel (it runs C#, SQL, HTML, Markdown, JavaScript, Mermaid and value cells; " +
            "the F# and PowerShell kernels' packages are not served here). No cell was run. Rewrite those cells in C#, or run the notebook in the dotnet-interactive tool where those kernels are installed.";
    }
}
