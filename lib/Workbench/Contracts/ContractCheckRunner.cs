using System.Diagnostics;
using System.Globalization;
using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Contracts;

/// <summary>One check's outcome: the measured value, whether it satisfies the operator, and a sample of offending rows.</summary>
public sealed record ContractCheckResult(ContractCheck Check, decimal? Measured, bool Passed, QueryResult Sample, TimeSpan Duration, string? Error = null)
{
    public override string ToString() =>
        $"{(Passed ? "PASS" : Check.Severity == "error" ? "FAIL" : "WARN")} {Check.Name}: " +
        (Error ?? $"measured {Measured?.ToString(CultureInfo.InvariantCulture)} {Check.Unit}, must satisfy {Check.Operator.Kind} {Check.Operator.Value.ToString(CultureInfo.InvariantCulture)}" +
            (Check.Operator.UpperValue is { } upper ? $"..{upper.ToString(CultureInfo.InvariantCulture)}" : string.Empty)) +
        $" ({Check.Location})";
}

/// <summary>Runs compiled contract checks on a warehouse. A check whose SQL fails is a failed result that says why, not an exception.</summary>
public sealed class ContractCheckRunner(WarehouseConnection warehouse)
{
    public int SampleSize { get; init; } = 5;

    /// <summary>Writes one JUnit test case per check (the failure message says what was measured, the body shows offending rows).</summary>
    public static void WriteJUnit(string path, IReadOnlyList<ContractCheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Reporting.JUnitReport.Write(path, "contracts", results.Select(r => new Reporting.JUnitCase(
            r.Check.Name, "contracts." + r.Check.Table, r.Duration,
            r.Passed ? null : r.Error ?? $"measured {r.Measured?.ToString(CultureInfo.InvariantCulture)} {r.Check.Unit}",
            r.Passed ? null : r.Error ?? r.Sample.ToText(5),
            SystemOut: r.Check.Location.ToString())).ToList(), DateTimeOffset.UtcNow);
    }

    public async Task<IReadOnlyList<ContractCheckResult>> RunAsync(IEnumerable<ContractCheck> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new List<ContractCheckResult>();
        foreach (var check in checks)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var measured = await warehouse.ScalarAsync<decimal?>(check.MeasureSql, cancellationToken) ?? 0m;
                var passed = check.Operator.IsSatisfiedBy(measured);
                var sample = !passed && check.OffendingRowsSql is not null
                    ? await warehouse.QueryAsync($"SELECT * FROM ({check.OffendingRowsSql}) AS offending LIMIT {SampleSize}", cancellationToken: cancellationToken)
                    : new QueryResult([], [], false);
                results.Add(new ContractCheckResult(check, measured, passed, sample, clock.Elapsed));
            }
            catch (WarehouseException e)
            {
                results.Add(new ContractCheckResult(check, null, false, new QueryResult([], [], false), clock.Elapsed,
                    $"the check's SQL failed on {warehouse.Engine}: {(e.InnerException?.Message ?? e.Message).Trim()} (does table '{check.Table}' exist with the contract's columns?)"));
            }
        }

        return results;
    }
}
