namespace Workbench.Errors;

/// <summary>A command was asked for something it will not do as given (an option that does not fit the situation); exit code 2.</summary>
public sealed class UsageException(string message) : WorkbenchException(message)
{
    public override int ExitCode => 2;
}
