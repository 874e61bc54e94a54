using Workbench.Models;
using Workbench.Models.Testing;
using Workbench.Reporting;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Run the model unit tests (<c>sql/unit/*.yaml</c>: fixture rows in, expected rows out) on a scratch warehouse of the
/// session's engine (an in-memory DuckDB by default): no real table is read or written. Writes JUnit when asked.
/// </summary>
/// <param name="Warehouse">Where to run them: <c>ENGINE:LOCATION</c>; default an in-memory DuckDB.</param>
public sealed record RunUnitTests(IReadOnlyList<string>? Select = null, string? Warehouse = null, string? JUnitFile = null)
{
    public const string InMemory = "duckdb::memory:";

    public async Task<UnitTestsRan> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var options = WarehouseOptions.Parse(Warehouse ?? InMemory);
        var contracts = session.Contracts("no unit test was run");
        var project = session.Models(SqlDialect.For(options.Engine));
        var selected = session.Select(project, Select);
        var tests = ModelUnitTestParser.LoadFolder(session.Project.Root, session.Project.SqlUnitTests).Where(t => selected.Contains(t.Model)).ToList();
        await using var warehouse = await WarehouseConnection.OpenAsync(options, cancellationToken);
        var results = await new ModelUnitTestRunner(warehouse, project, contracts).RunAsync(tests, cancellationToken);
        foreach (var result in results)
        {
            session.Log(result.ToString());
        }

        if (JUnitFile is { } junit)
        {
            JUnitReport.Write(junit, "model unit tests", results.Select(r => new JUnitCase(
                r.Test.Name, "models." + r.Test.Model, TimeSpan.Zero, r.Passed ? null : r.Error ?? "rows differ", r.Passed ? null : r.ToString(), SystemOut: r.Test.File)).ToList(), DateTimeOffset.UtcNow);
        }

        return new UnitTestsRan(results);
    }
}

/// <summary>Every unit test's outcome.</summary>
public sealed record UnitTestsRan(IReadOnlyList<ModelUnitTestResult> Results)
{
    public int Failed => Results.Count(r => !r.Passed);

    public override string ToString() => $"{Results.Count} unit test(s): {Results.Count - Failed} passed, {Failed} failed.";
}
