using Workbench.Models;

namespace Workbench.Errors;

/// <summary>One or more models failed; <see cref="Summary"/> has every result.</summary>
public sealed class ModelRunFailedException : WorkbenchException
{
    public ModelRunFailedException(ModelRunSummary summary, Exception? firstFailure)
        : base(Describe(summary), firstFailure)
    {
        Summary = summary;
    }

    public ModelRunSummary Summary { get; }

    private static string Describe(ModelRunSummary summary)
    {
        var failed = summary.Results.Where(r => r.Status == ModelStatus.Failed).ToList();
        var skipped = summary.Results.Count(r => r.Status == ModelStatus.Skipped);
        return $"{failed.Count} model(s) failed and {skipped} were skipped because they depend on them:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failed.Select(f => "  " + f.Error));
    }
}
