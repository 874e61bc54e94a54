using Workbench.Warehouse;

namespace Workbench.Errors;

/// <summary>Models read raw tables the environment's warehouse does not have: nothing was built, and the message says what to load.</summary>
public sealed class MissingSourcesException(IReadOnlyList<TableName> missing, string environment, string warehouse, bool nothingLoaded)
    : WorkbenchException(
        $"The selected models read {string.Join(", ", missing)}, which the {environment} warehouse ({warehouse}) does not have" +
        (nothingLoaded ? ": nothing is loaded there yet" : string.Empty) + ". Nothing was built. " +
        $"Load the sources first: `workbench load{(environment == "dev" ? string.Empty : $" --env {environment}")}` (or `workbench pipeline run{(environment == "dev" ? string.Empty : $" --env {environment}")}` for every step).")
{
    public IReadOnlyList<TableName> Missing { get; } = missing;
}
