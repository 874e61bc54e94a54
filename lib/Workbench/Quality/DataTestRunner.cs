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

    public async Task<IReadOnlyList<DataTestResult>> RunAsync(IEnumerable<DataTest> tests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var results = new List<DataTestResult>();
        foreach (var test in tests)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var count = await _warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM (\n{test.Sql}\n) AS offending", cancellationToken);
                var sample = count == 0
                    ? new QueryResult([], [], false)
                    : await _warehouse.QueryAsync($"SELECT * FROM (\n{test.Sql}\n) AS offending LIMIT {SampleSize}", cancellationToken: cancellationToken);
                results.Add(new DataTestResult(test, count, sample, clock.Elapsed));
            }
            catch (WarehouseException e)
            {
                results.Add(new DataTestResult(test, 0, new QueryResult([], [], false), clock.Elapsed,
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
