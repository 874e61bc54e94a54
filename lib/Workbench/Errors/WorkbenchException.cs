namespace Workbench.Errors;

/// <summary>
/// Root of Workbench's exceptions. Every subclass carries the data a caller needs (file, line, model, rows)
/// as properties, and a message that says what is wrong, where, and how to fix it.
/// </summary>
public abstract class WorkbenchException : Exception
{
    protected WorkbenchException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Process exit code a command line should use when this exception ends it.</summary>
    public virtual int ExitCode => 1;
}
