namespace Workbench.Models;

public enum ModelStatus
{
    Succeeded,
    Failed,

    /// <summary>Not built because a model it depends on failed.</summary>
    Skipped,
}
