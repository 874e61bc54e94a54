namespace Workbench.Contracts;

/// <summary>Where something is in a contract file: 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, long Line, long Column)
{
    /// <summary><c>file:line:column</c>, the file relative to the current folder when it is inside it (as compilers print it), so output reads the same on every machine.</summary>
    public override string ToString() => $"{Shown(File)}:{Line}:{Column}";

    private static string Shown(string file)
    {
        if (!Path.IsPathFullyQualified(file))
        {
            return file;
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? file : relative.Replace('\\', '/');
    }
}
