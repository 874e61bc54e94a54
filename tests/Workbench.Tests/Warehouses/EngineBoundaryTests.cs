using System.Text.RegularExpressions;
using Workbench.Tests.Support;

namespace Workbench.Tests.Warehouses;

/// <summary>Every difference between engines lives behind the engine adapters in lib/Workbench/Warehouse.</summary>
public sealed partial class EngineBoundaryTests
{
    [Fact]
    public void NoCodeOutsideTheEngineAdapters_BranchesOnTheEngine_ReadsTheCatalog_OrUsesADriver()
    {
        var lib = Path.Combine(Repository.Root, "lib");
        var adapters = Path.Combine(lib, "Workbench", "Warehouse") + Path.DirectorySeparatorChar;
        var offending = Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(adapters, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(Repository.Root, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && EngineSpecific().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, "Engine-specific code outside lib/Workbench/Warehouse (ask the adapter: its Dialect, Capabilities or catalog):\n" + string.Join("\n", offending));
    }

    [GeneratedRegex(@"WarehouseEngine\.(DuckDb|Postgres)|\.Engine\s*(==|!=|is\b|switch)|information_schema|pg_catalog|pg_stat|pg_class|duckdb_(tables|columns|views)|\bNpgsql|DuckDB\.NET|DuckDBConnection|PostgresException|is (Postgres|DuckDb)Warehouse|(==|!=)\s*""(postgres|duckdb)""|read_csv\(|regexp_matches")]
    private static partial Regex EngineSpecific();
}
