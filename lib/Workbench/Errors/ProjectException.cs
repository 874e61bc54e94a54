namespace Workbench.Errors;

/// <summary>The project's folder or files are not what the command needs (a non-empty folder for init, a missing file); exit 1.</summary>
public sealed class ProjectException(string message) : WorkbenchException(message);
