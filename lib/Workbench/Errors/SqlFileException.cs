namespace Workbench.Errors;

/// <summary>A .sql file (model or data test) is malformed. Carries its location.</summary>
public sealed class SqlFileException : WorkbenchException
{
    public SqlFileException(string path, int line, int column, string problem)
        : base($"{path}:{line}:{column}: {problem}")
    {
        Path = path;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public string Path { get; }

    public int Line { get; }

    public int Column { get; }

    public string Problem { get; }
}
