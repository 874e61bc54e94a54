using System.Diagnostics;
using Workbench.Errors;
using Workbench.Reporting;
using Workbench.Warehouse;

namespace Workbench.Quality;

/// <summary>Runs checks and reports each one's offending-row count with a sample of the rows.</summary>
public sealed class DataTestRunner
{
    private readonly WarehouseConnection _warehouse;

    public DataTestRunner(WarehouseConnection warehouse)
    {
        _warehouse = warehouse ?? throw new ArgumentNullException(nameof(warehouse));
    }

    /// <summary>How many offending rows each result keeps to show.</summary>
    public int SampleSize { get; init; } = 5;

    /// <summary>Keep the offending rows unmasked too (<see cref="DataTestResult.Unmasked"/>), for a person at a local terminal.</summary>
    public bool KeepSensitive { get; init; }

    /// <summary>
    /// Runs each test in a read-only transaction that is rolled back, so a test cannot change data whatever its SQL says;
    /// SQL that is not one query that only reads is refused before it reaches the engine.
    /// </summary>
    public async Task<IReadOnlyList<DataTestResult>> RunAsync(IEnumerable<DataTest> tests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var results = new List<DataTestResult>();
        var none = new QueryResult([], [], false);
        foreach (var test in tests)
        {
            if (Sql.SqlQueryGuard.Check(test.Sql, "a data test") is { } refused)
            {
                results.Add(new DataTestResult(test, 0, none, TimeSpan.Zero,
                    $"{test.Path}:{test.FirstLine + refused.Line - 1}: refused, not executed: {refused.Message}"));
                continue;
            }

            var clock = Stopwatch.StartNew();
            try
            {
                var (count, sample) = await _warehouse.ReadOnlyAsync(async ct =>
                {
                    var offending = await _warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM (\n{test.Sql}\n) AS offending", ct);
                    var rows = offending == 0 ? none : await _warehouse.QueryAsync($"SELECT * FROM (\n{test.Sql}\n) AS offending LIMIT {SampleSize}", cancellationToken: ct);
                    return (offending, rows);
                }, cancellationToken);
                results.Add(new DataTestResult(test, count, sample.Mask(test.Masked, Contracts.SensitiveData.Mask), clock.Elapsed) { Unmasked = KeepSensitive ? sample : null });
            }
            catch (WarehouseException e) when (e.WriteRefused)
            {
                results.Add(new DataTestResult(test, 0, none, clock.Elapsed,
                    $"{test.Path}: refused: the test tried to change the warehouse, and tests run read-only, so nothing changed ({e.EngineMessage})."));
            }
            catch (WarehouseException e)
            {
                results.Add(new DataTestResult(test, 0, none, clock.Elapsed,
                    $"{test.Path}: the check's SQL failed: {e.InnerException?.Message ?? e.Message}"));
            }
        }

        return results;
    }

    /// <summary>Writes one JUnit test case per check.</summary>
    public static void WriteJUnit(string path, IReadOnlyList<DataTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        JUnitReport.Write(path, "data-tests", results.Select(r => new JUnitCase(
            r.Test.Name,
            "data_tests." + r.Test.Severity.ToString().ToLowerInvariant(),
            r.Duration,
            r.Passed ? null : r.Error ?? $"{r.FailingRows} offending row(s)",
            r.Passed ? null : r.Error ?? r.Sample.ToText(),
            SystemOut: r.Test.Path)).ToList(), DateTimeOffset.UtcNow);
    }

    /// <summary>Throws <see cref="DataTestsFailedException"/> when an error-severity check failed or could not run.</summary>
    public static void EnsureGatePassed(IReadOnlyList<DataTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failures = results.Where(r => !r.Passed && (r.Test.Severity == Severity.Error || r.Error is not null)).ToList();
        if (failures.Count > 0)
        {
            throw new DataTestsFailedException(failures);
        }
    }
}
