namespace Workbench.Loading;

/// <summary>How a raw load behaves.</summary>
/// <param name="SourceRoot">Source paths are recorded relative to this folder, so lineage does not depend on where a checkout lives.</param>
/// <param name="FullRefresh">Reload files whose content was loaded before, replacing that file's earlier rows instead of skipping.</param>
/// <param name="MaxRejectedFraction">A batch whose rejected rows exceed this fraction of rows read fails and loads nothing.</param>
/// <param name="Schema">The schema raw tables live in.</param>
public sealed record RawLoadOptions(string SourceRoot, bool FullRefresh = false, double MaxRejectedFraction = 0.05, string Schema = "raw")
{
    /// <summary>Overrides the schema mode the contracts give (e.g. freeze a table for one careful load).</summary>
    public SchemaMode? SchemaMode { get; init; }

    /// <summary>Receives what a load has to tell the person running it besides progress (that it waits for another load).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The spec a load uses: the contract's, with <see cref="SchemaMode"/> applied.</summary>
    public RawTableSpec Apply(RawTableSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SchemaMode is { } mode ? spec with { Mode = mode } : spec;
    }

    public void Validate()
    {
        if (MaxRejectedFraction is < 0 or > 1 || double.IsNaN(MaxRejectedFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectedFraction), MaxRejectedFraction, "Use a fraction between 0 and 1, e.g. 0.05 for 5%.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Schema);
    }
}
