using System.Diagnostics;
using System.Globalization;
using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Contracts;

/// <summary>How a check came out.</summary>
public enum CheckStatus
{
    Passed,

    /// <summary>An error-severity rule is broken.</summary>
    Failed,

    /// <summary>A warning- or info-severity rule is broken.</summary>
    Warned,

    /// <summary>The rule was not run; the result says why.</summary>
    Skipped,

    /// <summary>The rule could not be run (its SQL failed, or was refused because it is not one read-only query): a failure.</summary>
    Error,
}

/// <summary>
/// One check's outcome: the measured value, whether it satisfies the operator, and a sample of offending rows with the
/// sensitive columns masked (<see cref="Sample"/>; <see cref="Unmasked"/> only when asked for locally).
/// </summary>
public sealed record ContractCheckResult(ContractCheck Check, decimal? Measured, bool Passed, QueryResult Sample, TimeSpan Duration, string? Error = null)
{
    /// <summary>The sample as the engine returned it, kept only when the runner was asked to show sensitive values.</summary>
    public QueryResult? Unmasked { get; init; }

    public CheckStatus Status =>
        Check.SkipReason is not null ? CheckStatus.Skipped
        : Error is not null ? CheckStatus.Error
        : Passed ? CheckStatus.Passed
        : Check.Severity == "error" ? CheckStatus.Failed : CheckStatus.Warned;

    /// <summary>Whether this result stops a gate: an error-severity rule broken, or a rule that could not run or was refused.</summary>
    public bool Fails => Status is CheckStatus.Failed or CheckStatus.Error;

    /// <summary>What was measured against what was required: "MIN(amount) = -5, must be >= 0".</summary>
    public string Outcome =>
        Status == CheckStatus.Skipped ? $"not run: {Check.SkipReason}"
        : Error is not null ? Error
        : $"{Check.Measures} = {Format(Measured)}{UnitSuffix}, must be {Check.Operator}{UnitSuffix}";

    private string UnitSuffix => Check.Unit switch { "rows" => string.Empty, "percent" => "%", var unit => " " + unit };

    public override string ToString() =>
        $"{Status switch { CheckStatus.Passed => "PASS", CheckStatus.Warned => "WARN", CheckStatus.Skipped => "SKIP", _ => "FAIL" }} {Check.Name}: {Outcome} ({Check.Location})";

    private static string Format(decimal? value) => value is { } v ? (decimal.Round(v, 4) / 1.0000m).ToString("0.####", CultureInfo.InvariantCulture) : "NULL";
}

/// <summary>
/// Runs compiled contract checks on a warehouse, each in a read-only transaction that is rolled back, so no check can
/// change data whatever its SQL says. A check whose SQL fails or is refused is a failed result that says why, not an
/// exception; a skipped check is listed with its reason.
/// </summary>
public sealed class ContractCheckRunner(WarehouseConnection warehouse)
{
    public int SampleSize { get; init; } = 5;

    /// <summary>Keep the offending rows unmasked too (<see cref="ContractCheckResult.Unmasked"/>), for a person at a local terminal.</summary>
    public bool KeepSensitive { get; init; }

    /// <summary>Writes one JUnit test case per check: skipped ones as skipped, failures with what was measured and the (masked) offending rows.</summary>
    public static void WriteJUnit(string path, IReadOnlyList<ContractCheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Reporting.JUnitReport.Write(path, "contracts", results.Select(r => new Reporting.JUnitCase(
            r.Check.Name, "contracts." + r.Check.Table, r.Duration,
            r.Status is CheckStatus.Failed or CheckStatus.Warned or CheckStatus.Error ? r.Outcome : null,
            r.Status is CheckStatus.Failed or CheckStatus.Warned ? r.Outcome + Environment.NewLine + r.Sample.ToText(5) : r.Error,
            Skipped: r.Status == CheckStatus.Skipped,
            SystemOut: r.Check.Location.ToString(),
            SkipReason: r.Check.SkipReason)).ToList(), DateTimeOffset.UtcNow);
    }

    public async Task<IReadOnlyList<ContractCheckResult>> RunAsync(IEnumerable<ContractCheck> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.ToList();
        var results = new ContractCheckResult?[all.Count];
        var none = new QueryResult([], [], false);
        var runnable = new List<int>();
        for (var i = 0; i < all.Count; i++)
        {
            var check = all[i];
            if (check.SkipReason is not null)
            {
                results[i] = new ContractCheckResult(check, null, false, none, TimeSpan.Zero);
            }
            else if (check.RefusedReason is { } refused)
            {
                results[i] = new ContractCheckResult(check, null, false, none, TimeSpan.Zero, $"refused, not executed: {refused}");
            }
            else
            {
                runnable.Add(i);
            }
        }

        // Checks that are aggregates over one relation are measured in one scan of it; the others in batches of one
        // statement each (a statement costs more than most measures). When a shared statement fails, each of its checks
        // runs on its own, so the failure is the failing check's alone.
        var scans = runnable.Where(i => all[i].ScanFrom is not null).GroupBy(i => all[i].ScanFrom!, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        var scanned = scans.SelectMany(g => g).ToHashSet();
        var batches = scans.Select(g => (Checks: g.ToArray(), Scan: true))
            .Concat(runnable.Where(i => !scanned.Contains(i)).Chunk(BatchSize).Select(c => (Checks: c, Scan: false)));
        foreach (var (chunk, scan) in batches)
        {
            var checksOf = chunk.Select(i => all[i]).ToList();
            if (chunk.Length > 1 && await MeasureTogetherAsync(checksOf, scan ? ScanStatement(checksOf) : UnionStatement(checksOf), scan, cancellationToken) is { } measured)
            {
                foreach (var (index, result) in chunk.Zip(measured))
                {
                    results[index] = result;
                }

                continue;
            }

            foreach (var index in chunk)
            {
                results[index] = await RunOneAsync(all[index], cancellationToken);
            }
        }

        return results.Select(r => r!).ToList();
    }

    /// <summary>How many checks one statement measures.</summary>
    private const int BatchSize = 64;

    /// <summary>Checks over the same relation, measured in one pass over it: one row, a column per check.</summary>
    private static string ScanStatement(List<ContractCheck> checks) =>
        "SELECT " + string.Join(",\n  ", checks.Select((c, i) => $"{c.ScanAggregate} AS m{i}")) + "\nFROM " + checks[0].ScanFrom;

    /// <summary>
    /// Any checks, measured in one statement: a row per check (its position, its measure). Scalar subqueries side by
    /// side in one SELECT are planned as one join, which an embedded engine plans slower than the queries one by one.
    /// </summary>
    private static string UnionStatement(List<ContractCheck> checks) =>
        string.Join("\nUNION ALL\n", checks.Select((c, i) => $"SELECT {i} AS i, ({c.MeasureSql}) AS m"));

    /// <summary>Measures the checks in one read-only statement, then samples the failing ones; null when the statement failed.</summary>
    private async Task<IReadOnlyList<ContractCheckResult>?> MeasureTogetherAsync(List<ContractCheck> checks, string sql, bool oneRow, CancellationToken cancellationToken)
    {
        var none = new QueryResult([], [], false);
        var clock = Stopwatch.StartNew();
        try
        {
            return await warehouse.ReadOnlyAsync(async ct =>
            {
                var rows = (await warehouse.QueryAsync(sql, cancellationToken: ct)).Rows;
                var values = new object?[checks.Count];
                if (oneRow && rows.Count == 1)
                {
                    values = rows[0].ToArray();
                }
                else if (!oneRow && rows.Count == checks.Count)
                {
                    foreach (var row in rows)
                    {
                        values[Convert.ToInt32(row[0], CultureInfo.InvariantCulture)] = row[1];
                    }
                }
                else
                {
                    return null;
                }

                var each = clock.Elapsed / checks.Count;
                var results = new List<ContractCheckResult>();
                for (var i = 0; i < checks.Count; i++)
                {
                    var check = checks[i];
                    var value = ToDecimal(values[i]);
                    var passed = value is { } v && check.Operator.IsSatisfiedBy(v);
                    var sample = value is not null && !passed && check.OffendingRowsSql is not null
                        ? await warehouse.QueryAsync($"SELECT * FROM ({check.OffendingRowsSql}) AS offending LIMIT {SampleSize}", cancellationToken: ct)
                        : none;
                    results.Add(new ContractCheckResult(check, value, passed, sample.Mask(check.Masked, SensitiveData.Mask), each) { Unmasked = KeepSensitive ? sample : null });
                }

                return (IReadOnlyList<ContractCheckResult>?)results;
            }, cancellationToken);
        }
        catch (WarehouseException)
        {
            return null; // one of them failed: the caller runs each on its own
        }
    }

    private static decimal? ToDecimal(object? value) => value switch
    {
        null or DBNull => null,
        System.Numerics.BigInteger big => (decimal)big,
        bool flag => flag ? 1 : 0,
        _ => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<ContractCheckResult> RunOneAsync(ContractCheck check, CancellationToken cancellationToken)
    {
        var none = new QueryResult([], [], false);
        var clock = Stopwatch.StartNew();
        try
        {
            var (measured, sample) = await warehouse.ReadOnlyAsync(async ct =>
            {
                var value = await warehouse.ScalarAsync<decimal?>(check.MeasureSql, ct);
                var rows = value is { } v && !check.Operator.IsSatisfiedBy(v) && check.OffendingRowsSql is not null
                    ? await warehouse.QueryAsync($"SELECT * FROM ({check.OffendingRowsSql}) AS offending LIMIT {SampleSize}", cancellationToken: ct)
                    : none;
                return (value, rows);
            }, cancellationToken);

            // An empty result measures nothing, and nothing satisfies no rule.
            var passed = measured is { } m && check.Operator.IsSatisfiedBy(m);
            return new ContractCheckResult(check, measured, passed, sample.Mask(check.Masked, SensitiveData.Mask), clock.Elapsed)
            {
                Unmasked = KeepSensitive ? sample : null,
            };
        }
        catch (WarehouseException e) when (e.WriteRefused)
        {
            return new ContractCheckResult(check, null, false, none, clock.Elapsed,
                $"refused: the check's SQL tried to change the warehouse, and checks run read-only, so nothing changed ({e.EngineMessage}). A rule's query only reads.");
        }
        catch (WarehouseException e)
        {
            return new ContractCheckResult(check, null, false, none, clock.Elapsed,
                $"the check's SQL failed on {warehouse.Engine}: {e.EngineMessage} (does table '{check.Table}' exist with the contract's columns?)");
        }
    }
}
