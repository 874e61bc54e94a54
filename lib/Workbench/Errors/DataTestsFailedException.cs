using System.Globalization;
using System.Text;
using Workbench.Quality;

namespace Workbench.Errors;

/// <summary>The quality gate failed: error-severity checks found offending rows. Each failure carries its sample rows.</summary>
public sealed class DataTestsFailedException : WorkbenchException
{
    public DataTestsFailedException(IReadOnlyList<DataTestResult> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    public IReadOnlyList<DataTestResult> Failures { get; }

    private static string Describe(IReadOnlyList<DataTestResult> failures)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Quality gate failed: {failures.Count} error-severity check(s) did not pass.");
        foreach (var f in failures)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"- {f.Test.Name} ({f.Test.Path}): {f.Error ?? $"{f.FailingRows} offending row(s); first {f.Sample.RowCount}:"}");
            if (f.Error is null)
            {
                text.Append(f.Sample.ToText());
            }
        }

        text.AppendLine("Fix the data upstream (or the check) and run again; nothing downstream of the gate was promoted.");
        return text.ToString();
    }
}
