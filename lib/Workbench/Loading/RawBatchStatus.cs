namespace Workbench.Loading;

/// <summary>What happened to one batch.</summary>
public enum RawBatchStatus
{
    /// <summary>Rows were loaded (some may have been rejected).</summary>
    Loaded,

    /// <summary>The same content was loaded before; nothing was written.</summary>
    Skipped,
}
