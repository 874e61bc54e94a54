using Workbench.Loading;

namespace Workbench.Errors;

/// <summary>A raw batch could not be loaded. Nothing of it was written: the batch's transaction was rolled back.</summary>
public sealed class RawLoadException : WorkbenchException
{
    public RawLoadException(string message, string source, string table, IReadOnlyList<RawReject> rejects, Exception? innerException = null)
        : base(message, innerException)
    {
        SourcePath = source;
        Table = table;
        Rejects = rejects;
    }

    /// <summary>The source file (relative to the source root).</summary>
    public string SourcePath { get; }

    /// <summary>The raw table the batch was for.</summary>
    public string Table { get; }

    /// <summary>The rejected rows, if rejects caused the failure.</summary>
    public IReadOnlyList<RawReject> Rejects { get; }
}
