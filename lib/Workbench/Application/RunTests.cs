using System.Globalization;
using Workbench.Contracts;
using Workbench.Contracts.Checks;
using Workbench.Errors;
using Workbench.Models;
using Workbench.Quality;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Run the data tests (<c>sql/tests</c>: each a query returning offending rows) and the contracts' checks (every rule
/// compiled to SQL, and each table's columns and types against its contract) on the warehouse, each in a read-only
/// transaction, and write their JUnit. With a selection, only the tests that read the selected models and the contracts
/// of their tables run. Samples mask the columns the contracts (and the project's <c>sensitive:</c>) call sensitive.
/// </summary>
/// <param name="AsOf">When freshness SLAs are judged (UTC); default now. Pipelines pass the end of their run date.</param>
public sealed record RunTests(IReadOnlyList<string>? Select = null, IReadOnlyList<string>? Exclude = null, DateTime? AsOf = null)
{
    public bool DataTests { get; init; } = true;

    public bool ContractChecks { get; init; } = true;

    /// <summary>Compare each contracted table's columns and types with its contract.</summary>
    public bool Conformance { get; init; } = true;

    /// <summary>Where the JUnit files go (default: the project's test-results folder).</summary>
    public string? JUnitFolder { get; init; }

    /// <summary>Contracts to check instead of the project's (e.g. a producer's contract run against this warehouse).</summary>
    public IReadOnlyList<DataContract>? Contracts { get; init; }

    /// <summary>The contracts' server that is this warehouse (<c>servers[].server</c>); by default each contract's one server of this engine.</summary>
    public string? Server { get; init; }

    /// <summary>Print sensitive values in the log (for a person at a local terminal); JUnit and exceptions stay masked.</summary>
    public bool ShowSensitive { get; init; }

    /// <summary>
    /// When freshness is judged: <see cref="AsOf"/> when given; else the end of the project's run date (<c>vars.runDate</c>,
    /// the date the pipeline runs for), so tests run after a pipeline judge the data as the pipeline did; else now.
    /// </summary>
    private (DateTime AsOf, string Why) JudgedAt(WorkbenchSession session)
    {
        if (AsOf is { } given)
        {
            return (given, "as asked");
        }

        return session.Project.Settings.Vars.TryGetValue(Project.ProjectSettings.RunDateVariable, out var text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var runDate)
            ? (runDate.AddDays(1).ToDateTime(TimeOnly.MinValue), $"the end of the run date {text}, vars.{Project.ProjectSettings.RunDateVariable} in workbench.yaml")
            : (DateTime.UtcNow, "now: the project has no vars.runDate");
    }

    public async Task<TestsRan> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var contracts = Contracts ?? session.Contracts("no test was run");
        var sensitive = session.Project.Settings.Sensitive;
        // A contract run on its own (a producer's contract against this warehouse) needs no models.
        var selecting = Select is { Count: > 0 } || Exclude is { Count: > 0 };
        var models = selecting || (DataTests && Directory.Exists(session.Project.SqlTests)) ? session.Models() : null;
        var selected = selecting ? session.Select(models!, Select, Exclude) : null;

        var warehouse = await session.ConnectAsync(cancellationToken);
        await using var run = await session.BeginRunAsync(ContractChecks && !DataTests ? "contract test" : "test", new Dictionary<string, object?> { ["select"] = Select, ["exclude"] = Exclude, ["server"] = Server }, cancellationToken);
        var target = await ContractTarget.ConnectAsync(warehouse, contracts, Server, session.Published.Of, cancellationToken);
        var named = target.Unrelocated;
        foreach (var contract in contracts)
        {
            if (target.ServerOf(contract, out var note) is null && note is not null)
            {
                session.Log("NOTE " + note);
            }
        }

        static ModelId IdOf(TableName name) => new(name.Schema.ToLowerInvariant(), name.Name.ToLowerInvariant());
        var tables = new ContractTables(contracts).All.Where(t => selected is null || selected.Contains(IdOf(named.TableOf(t)))).ToList();
        var names = tables.Select(t => t.Table.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var junit = JUnitFolder ?? session.TestResults;

        IReadOnlyList<DataTestResult> data = [];
        if (DataTests && Directory.Exists(session.Project.SqlTests))
        {
            // A data test names tables as models do (bare names too); it runs when it reads a selected model. Its sample
            // masks what the contracts of the tables it reads call sensitive.
            var masks = new ContractTables(contracts).All.GroupBy(t => IdOf(named.TableOf(t))).ToDictionary(g => g.Key, g => g.SelectMany(t => sensitive.ColumnsOf(t.Table)).ToList());
            var tests = DataTestSuite.Load(session.Project.Root, session.Project.SqlTests)
                .Select(t => (Test: t, Compiled: models!.Compile(t.Sql, t.Path, t.FirstLine)))
                .Where(t => selected is null || t.Compiled.Reads.Any(selected.Contains))
                .Select(t => t.Test with
                {
                    Sql = session.Published.Relocate(t.Compiled.Sql, models!),
                    Masked = t.Compiled.Reads.SelectMany(r => masks.GetValueOrDefault(r) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
                });
            data = await new DataTestRunner(warehouse) { KeepSensitive = ShowSensitive }.RunAsync(tests, cancellationToken);
            foreach (var result in data)
            {
                session.Log(Describe(result));
                if (!result.Passed && result.Error is null)
                {
                    session.Log((ShowSensitive ? result.Unmasked ?? result.Sample : result.Sample).ToText(5).TrimEnd());
                }
            }

            DataTestRunner.WriteJUnit(Path.Combine(junit, $"data-tests-{session.Environment}.xml"), data);
        }

        IReadOnlyList<ContractCheckResult> checks = [];
        if (ContractChecks)
        {
            var (asOf, judged) = JudgedAt(session);
            var compiled = ContractCheckCompiler.CompileAll(contracts, target, asOf, sensitive).Where(c => selected is null || names.Contains(c.Table)).ToList();
            if (compiled.Any(c => c.Kind == "freshness"))
            {
                session.Log(string.Create(CultureInfo.InvariantCulture, $"NOTE freshness is judged at {asOf:yyyy-MM-dd HH:mm:ss} UTC ({judged}); --as-of judges it at another time."));
            }

            checks = await new ContractCheckRunner(warehouse) { KeepSensitive = ShowSensitive }.RunAsync(compiled, cancellationToken);
            foreach (var result in checks)
            {
                session.Log(result.ToString());
                if (result.Status is CheckStatus.Failed or CheckStatus.Warned && result.Sample.RowCount > 0)
                {
                    session.Log((ShowSensitive ? result.Unmasked ?? result.Sample : result.Sample).ToText(5).TrimEnd());
                }
            }

            ContractCheckRunner.WriteJUnit(Path.Combine(junit, $"contracts-{session.Environment}.xml"), checks);
        }

        var mismatches = new List<ConformanceMismatch>();
        if (Conformance)
        {
            foreach (var table in tables)
            {
                mismatches.AddRange(ContractConformance.Check(target, table));
            }

            foreach (var mismatch in mismatches)
            {
                session.Log((TestsRan.Breaks(mismatch) ? "FAIL " : "WARN ") + mismatch);
            }
        }

        var ran = new TestsRan(data, checks, mismatches, tables.Count);
        await run.ChecksAsync(History.CheckRecords.Of(ran), cancellationToken);
        await run.FinishAsync(ran.Passed, ran.Passed ? null : ran.ToString(), cancellationToken);
        return ran;
    }

    /// <summary>A data test's result as a line: PASS, FAIL, WARN or SKIP, with what was found.</summary>
    public static string Describe(DataTestResult result) =>
        result is null ? string.Empty
        : result.SkipReason is { } skipped ? $"SKIP {result.Test.Name} ({result.Test.Path}): {skipped}"
        : result.Passed ? $"PASS {result.Test.Name} ({result.Test.Path})"
        : $"{(result.Test.Severity == Severity.Error || result.Error is not null ? "FAIL" : "WARN")} {result.Test.Name} ({result.Test.Path}): " +
          (result.Error ?? string.Create(CultureInfo.InvariantCulture, $"{result.FailingRows} offending row(s)"));
}

/// <summary>What a test run found: every data test, contract check and conformance mismatch, passing or not.</summary>
public sealed record TestsRan(IReadOnlyList<DataTestResult> DataTests, IReadOnlyList<ContractCheckResult> ContractChecks, IReadOnlyList<ConformanceMismatch> Mismatches, int Tables)
{
    /// <summary>Data tests whose failure gates: error severity, or SQL that could not run.</summary>
    public IReadOnlyList<DataTestResult> FailedDataTests => DataTests.Where(r => r.SkipReason is null && !r.Passed && (r.Test.Severity == Severity.Error || r.Error is not null)).ToList();

    /// <summary>Contract checks whose failure gates: error severity, or SQL that could not run or was refused.</summary>
    public IReadOnlyList<ContractCheckResult> FailedChecks => ContractChecks.Where(r => r.Fails).ToList();

    /// <summary>Contract rules that were not run, each with why.</summary>
    public IReadOnlyList<ContractCheckResult> SkippedChecks => ContractChecks.Where(r => r.Status == CheckStatus.Skipped).ToList();

    public IReadOnlyList<ConformanceMismatch> BreakingMismatches => Mismatches.Where(Breaks).ToList();

    public int Failed => FailedDataTests.Count + FailedChecks.Count + BreakingMismatches.Count;

    public int Warnings => DataTests.Count(r => !r.Passed && r.SkipReason is null) + ContractChecks.Count(r => r.Status is CheckStatus.Failed or CheckStatus.Warned or CheckStatus.Error) + Mismatches.Count - Failed;

    public bool Passed => Failed == 0;

    /// <summary>Whether a mismatch means the table breaks its contract (a missing table or column, a wrong type), not only a warning.</summary>
    public static bool Breaks(ConformanceMismatch mismatch) =>
        mismatch?.Kind is MismatchKind.MissingTable or MismatchKind.MissingColumn or MismatchKind.TypeMismatch;

    /// <summary>Throws the gate's failure: failing data tests first, then contract checks, each with its offending rows.</summary>
    public void EnsurePassed()
    {
        if (FailedDataTests is { Count: > 0 } data)
        {
            throw new DataTestsFailedException(data);
        }

        if (FailedChecks is { Count: > 0 } checks)
        {
            throw new ContractChecksFailedException(checks);
        }
    }

    /// <summary>
    /// The run as a person reads it at the end: what failed first, then the warnings (each with its rule's file and line),
    /// then how each table did, then the totals. The lines printed as the checks ran stay above it, for a CI log's search.
    /// </summary>
    public string Report()
    {
        var text = new System.Text.StringBuilder();
        var failed = FailedDataTests.Select(RunTests.Describe)
            .Concat(FailedChecks.Select(r => r.ToString()))
            .Concat(BreakingMismatches.Select(m => "FAIL " + m)).ToList();
        var warned = DataTests.Where(r => !r.Passed && r.SkipReason is null && !FailedDataTests.Contains(r)).Select(RunTests.Describe)
            .Concat(ContractChecks.Where(r => r.Status is CheckStatus.Failed or CheckStatus.Warned or CheckStatus.Error && !r.Fails).Select(r => r.ToString()))
            .Concat(Mismatches.Where(m => !Breaks(m)).Select(m => "WARN " + m)).ToList();
        Section("Failed", failed);
        Section("Warnings", warned);
        var tables = TableVerdict.Of(ContractChecks, Mismatches, Breaks);
        if (tables.Count > 0)
        {
            var width = tables.Max(t => t.Table.Length);
            text.AppendLine("By table:");
            foreach (var t in tables)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {t.Verdict} {t.Table.PadRight(width)}  {t.Passed,3} of {t.Checks,3} check(s) passed{(t.Skipped > 0 ? $", {t.Skipped} skipped" : string.Empty)}");
            }
        }

        text.Append(ToString());
        return text.ToString();

        void Section(string title, List<string> lines)
        {
            if (lines.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{title} ({lines.Count}):");
                lines.ForEach(l => text.AppendLine("  " + l));
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{DataTests.Count(r => r.SkipReason is null)} data test(s), {ContractChecks.Count - SkippedChecks.Count} contract check(s), {Tables} table(s) compared with their contracts: {Failed} failed, {Warnings} warning(s), {SkippedChecks.Count + DataTests.Count(r => r.SkipReason is not null)} rule(s) skipped.");
}
