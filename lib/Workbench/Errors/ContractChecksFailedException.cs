using System.Text;
using Workbench.Contracts;

namespace Workbench.Errors;

/// <summary>Error-severity contract checks failed; each failure carries its location and offending rows.</summary>
public sealed class ContractChecksFailedException(IReadOnlyList<ContractCheckResult> failures) : WorkbenchException(Describe(failures))
{
    public IReadOnlyList<ContractCheckResult> Failures { get; } = failures;

    private static string Describe(IReadOnlyList<ContractCheckResult> failures)
    {
        var text = new StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Contract gate failed: {failures.Count} error-severity check(s) did not pass.");
        foreach (var failure in failures)
        {
            text.AppendLine(failure.ToString());
            if (failure.Sample.RowCount > 0)
            {
                text.Append(failure.Sample.ToText(5));
            }
        }

        text.AppendLine("Fix the data upstream, or the contract if it is wrong; nothing downstream of the gate was promoted.");
        return text.ToString();
    }
}
