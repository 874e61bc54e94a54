namespace Workbench.Errors;

/// <summary>A model selector selects nothing, or cannot be evaluated; the message lists what selectors there are.</summary>
public sealed class ModelSelectionException(string message) : WorkbenchException(message)
{
    public override int ExitCode => 2;
}
