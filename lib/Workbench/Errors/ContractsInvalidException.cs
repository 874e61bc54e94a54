using Workbench.Contracts;

namespace Workbench.Errors;

/// <summary>The project's contracts have errors, so nothing that reads them ran. Every error is listed with its location.</summary>
public sealed class ContractsInvalidException(IReadOnlyList<ContractProblem> errors, string notDone)
    : WorkbenchException(
        string.Join(Environment.NewLine, errors.Select(e => e.ToString())) + Environment.NewLine +
        $"The contracts have {errors.Count} error(s); {notDone}. Fix them (`workbench contract lint` lists them) and run again.")
{
    public IReadOnlyList<ContractProblem> Errors { get; } = errors;
}
