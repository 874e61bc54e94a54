namespace Workbench.Publishing;

/// <summary>How much of a build is published when some of it fails its checks.</summary>
public enum PublishMode
{
    /// <summary>Everything or nothing, in one transaction at the end: a single error-severity failure publishes nothing (the pipeline's mode).</summary>
    All,

    /// <summary>What passed its checks, and whose inputs passed theirs; the rest stays as it was.</summary>
    Passing,

    /// <summary>Build and audit, publish nothing (to look at the audited versions first).</summary>
    None,
}
