using Workbench.Errors;

namespace Workbench.Notebooks.Documents;

/// <summary>A notebook file is not valid nbformat 4 JSON. Carries the file and, where known, the line and column.</summary>
public sealed class NotebookFormatException : WorkbenchException
{
    public NotebookFormatException(string path, long? line, long? column, string problem, Exception? innerException = null)
        : base($"{path}{(line is null ? string.Empty : $":{line}:{column}")}: {problem}", innerException)
    {
        Path = path;
        Line = line;
        Column = column;
    }

    public string Path { get; }

    public long? Line { get; }

    public long? Column { get; }
}
