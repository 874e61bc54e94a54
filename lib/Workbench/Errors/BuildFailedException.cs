using System.Globalization;
using System.Text;
using Workbench.Application;
using Workbench.Models;

namespace Workbench.Errors;

/// <summary>A build failed: models that failed or were held back, and every error-severity check that failed with its rows. What was published is said too.</summary>
public sealed class BuildFailedException(ModelsBuilt built) : WorkbenchException(Describe(built))
{
    public ModelsBuilt Built { get; } = built;

    private static string Describe(ModelsBuilt built)
    {
        var text = new StringBuilder();
        text.AppendLine(built.Publication is null
            ? $"Build {built.BuildId} failed, and nothing was published: readers still see the previous tables."
            : $"Build {built.BuildId} failed in part; {built.Held.Count} object(s) were held back and keep their previous published tables.");
        foreach (var (model, why) in built.Held)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {model}: {why}");
        }

        foreach (var result in built.Summary?.Results.Where(r => r.Status == ModelStatus.Failed && !built.Held.ContainsKey(r.Model)) ?? [])
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {result.Model}: {result.Error}");
        }

        foreach (var failure in built.Checks?.FailedDataTests ?? [])
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- data test {failure.Test.Name} ({failure.Test.Path}): {failure.Error ?? $"{failure.FailingRows} offending row(s)"}");
            if (failure.Error is null)
            {
                text.Append(failure.Sample.ToText(5));
            }
        }

        foreach (var failure in built.Checks?.FailedChecks ?? [])
        {
            text.AppendLine("- " + failure);
            if (failure.Sample.RowCount > 0)
            {
                text.Append(failure.Sample.ToText(5));
            }
        }

        var checksFailed = (built.Checks?.FailedDataTests.Count ?? 0) + (built.Checks?.FailedChecks.Count ?? 0) > 0;
        var modelsFailed = built.Summary?.Results.Any(r => r.Status == ModelStatus.Failed && r.Error?.StartsWith(ModelScheduler.ChecksFailed, StringComparison.Ordinal) != true) == true;
        var fix = (checksFailed, modelsFailed) switch
        {
            (true, true) => "Fix the failing models (file:line above) and the data upstream (or the check), then build again",
            (false, true) => "Fix the failing models (file:line above) and build again",
            _ => "Fix the data upstream (or the check) and build again",
        };
        text.AppendLine(CultureInfo.InvariantCulture, $"{fix}; `workbench runs show` has this run's checks and samples{(built.BuildId is null ? string.Empty : $", and the audited versions are in {Workbench.Publishing.BuildArea.SchemaOf(built.BuildId)} until the next build")}.");
        return text.ToString();
    }
}
