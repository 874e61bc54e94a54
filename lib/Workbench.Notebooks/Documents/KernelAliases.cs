namespace Workbench.Notebooks.Documents;

/// <summary>The kernel names a cell may ask for, mapped to the kernels the runner has.</summary>
public static class KernelAliases
{
    public const string CSharp = "csharp";
    public const string Sql = "sql";

    public static string? Resolve(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csharp" or "c#" or "cs" or "dotnet-interactive.csharp" => CSharp,
        "sql" or "duckdb" or "warehouse" => Sql,
        _ => null,
    };
}
