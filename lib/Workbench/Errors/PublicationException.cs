namespace Workbench.Errors;

/// <summary>A publication, rollback or promotion could not be done as asked; nothing published was changed.</summary>
public sealed class PublicationException(string message, Exception? innerException = null) : WorkbenchException(message, innerException);
