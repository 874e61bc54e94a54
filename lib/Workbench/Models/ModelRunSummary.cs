using System.Globalization;
using System.Text;
using Workbench.Errors;

namespace Workbench.Models;

/// <summary>The results of one model run, in build order.</summary>
public sealed record ModelRunSummary(IReadOnlyList<ModelRunResult> Results)
{
    public bool Succeeded => Results.All(r => r.Status == ModelStatus.Succeeded);

    /// <summary>The warehouse failing under a model (server gone, disk full), which stopped the run; null when it did not.</summary>
    public WarehouseException? InfrastructureFailure => Results.Where(ModelFailure.IsInfrastructure).Select(r => (WarehouseException)r.Exception!).FirstOrDefault();

    /// <summary>
    /// Throws the warehouse's failure when it stopped the run (an infrastructure error), else the first failure's exception
    /// (a <see cref="ModelExecutionException"/>) after listing every failure and skip.
    /// </summary>
    public void EnsureSucceeded()
    {
        if (Succeeded)
        {
            return;
        }

        if (InfrastructureFailure is { } broken)
        {
            throw broken;
        }

        var failed = Results.First(r => r.Status == ModelStatus.Failed);
        if (failed.Exception is WorkbenchException e && Results.Count(r => r.Status != ModelStatus.Succeeded) == 1)
        {
            throw e;
        }

        throw new ModelRunFailedException(this, failed.Exception);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var r in Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Status.ToString().ToUpperInvariant(),-9} {r.Model,-40} {(r.Rows is null ? string.Empty : $"{r.Rows} rows"),12} {r.Duration.TotalSeconds,6:0.00}s{(r.Error is null ? string.Empty : "  " + r.Error)}");
        }

        return text.ToString();
    }
}
