namespace Workbench.Notebooks.Documents;

/// <summary>The kernel names a cell may ask for, mapped to the kernels the runner has, and those it cannot have.</summary>
public static class KernelAliases
{
    public const string CSharp = "csharp";
    public const string Sql = "sql";

    public static string? Resolve(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csharp" or "c#" or "cs" or "dotnet-interactive.csharp" => CSharp,
        "sql" or "duckdb" or "warehouse" => Sql,
        "html" => "html",
        "markdown" or "md" => "markdown",
        "javascript" or "js" => "javascript",
        "mermaid" => "mermaid",
        "value" => "value",
        _ => null,
    };

    /// <summary>
    /// Kernels the dotnet-interactive tool has that cannot be had here (their packages are not served), by the names a
    /// cell may use, with what they are called: a notebook that uses one fails before any cell runs.
    /// </summary>
    public static string? Unavailable(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fsharp" or "f#" or "fs" or "dotnet-interactive.fsharp" => "F#",
        "pwsh" or "powershell" or "dotnet-interactive.pwsh" => "PowerShell",
        "http" => "HTTP",
        "kql" => "KQL",
        _ => null,
    };
}
