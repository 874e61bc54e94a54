namespace Workbench.Contracts.Checks;

/// <summary>
/// How one table did against its contract: its checks and its conformance (columns and types) together, as FAIL
/// (an error-severity check or a breaking mismatch), WARN (anything else that did not pass) or PASS. The command line's
/// test report and the quality notebook list tables with it, worst first.
/// </summary>
public sealed record TableVerdict(string Table, string Verdict, int Passed, int Checks, int Skipped)
{
    /// <summary>Every table the results and mismatches name, FAIL first, then WARN, then PASS, each by name.</summary>
    /// <param name="breaks">Whether a mismatch breaks the contract (a missing table or column, a wrong type) rather than warns.</param>
    public static IReadOnlyList<TableVerdict> Of(IEnumerable<ContractCheckResult> results, IEnumerable<ConformanceMismatch>? mismatches = null, Func<ConformanceMismatch, bool>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var outcomes = results.Select(r => (Table: r.Check.Table, Passed: r.Passed, Fails: r.Fails, Skipped: r.Status == CheckStatus.Skipped))
            .Concat((mismatches ?? []).Select(m => (Table: m.Table[(m.Table.LastIndexOf('.') + 1)..], Passed: false, Fails: breaks?.Invoke(m) ?? true, Skipped: false)));
        return outcomes.GroupBy(o => o.Table, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var skipped = g.Count(o => o.Skipped);
                var verdict = g.Any(o => o.Fails) ? "FAIL" : g.Any(o => !o.Passed && !o.Skipped) ? "WARN" : "PASS";
                return new TableVerdict(g.Key, verdict, g.Count(o => o.Passed), g.Count() - skipped, skipped);
            })
            .OrderBy(t => t.Verdict switch { "FAIL" => 0, "WARN" => 1, _ => 2 }).ThenBy(t => t.Table, StringComparer.Ordinal)
            .ToList();
    }
}
