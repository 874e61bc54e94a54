using Workbench.Notebooks.Running;
using Workbench.Reporting;

namespace Workbench.Notebooks.Rendering;

/// <summary>A notebook run as JUnit: one test case per code cell; cells after a failure are skipped.</summary>
public static class NotebookJUnit
{
    public static void Write(string path, string notebook, IReadOnlyList<CellResult> cells, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(cells);
        JUnitReport.Write(path, notebook, cells.Select(c => new JUnitCase(
            c.Number is null ? "injected parameters" : $"cell {c.Number:00}: {c.FirstLine}",
            $"notebooks.{notebook}",
            c.Duration,
            c.Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Interrupted ? $"{c.Status}: {FirstLineOf(c.Error)}" : null,
            c.Error,
            Skipped: c.Status == CellStatus.NotRun)).ToList(), started);
    }

    private static string FirstLineOf(string? text) => (text ?? string.Empty).Split('\n')[0].Trim();
}
