namespace Workbench.Notebooks.Documents;

public enum CellKind
{
    Code,
    Markdown,
    Raw,
}
