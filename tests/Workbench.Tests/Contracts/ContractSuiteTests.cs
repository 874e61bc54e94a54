using System.Globalization;
using Workbench.Contracts;
using Workbench.Tests.Support;
using Workbench.Warehouse;

namespace Workbench.Tests.Contracts;

/// <summary>
/// Runs every case of Contracts/Suite on every engine: lints its contracts, creates its tables, runs every check and
/// compares every table, and holds the outcome to the case's expected.txt, the same file for both engines.
/// </summary>
public sealed class ContractSuiteTests : TempDirectoryTest
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "Workbench.Tests", "Contracts", "Suite");

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var folder in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var only = Expected.Read(folder).Engines;
                foreach (var engine in Engines.HasPostgres ? new[] { "duckdb", "postgres" } : ["duckdb"])
                {
                    if (only.Count == 0 || only.Contains(engine))
                    {
                        data.Add(name, engine);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_HasExactlyTheExpectedOutcomes(string name, string engine)
    {
        var folder = Path.Combine(Folder, name);
        var expected = Expected.Read(folder);
        var lint = ContractLinter.Lint([folder], wholeProject: true);
        var problems = lint.Problems.Select(p => $"lint {p.Severity.ToString().ToLowerInvariant()} {Path.GetFileName(p.Location.File)}:{p.Location.Line} {p.Message}").ToList();

        await using var test = await Engines.CreateAsync(engine, Temp);
        await using var warehouse = await test.OpenAsync();
        var setup = new[] { $"setup.{engine}.sql", "setup.sql" }.Select(f => Path.Combine(folder, f)).First(File.Exists);
        await warehouse.ExecuteAsync(await File.ReadAllTextAsync(setup));
        var target = await ContractTarget.ConnectAsync(warehouse, lint.Contracts, expected.Server);
        var results = await new ContractCheckRunner(warehouse).RunAsync(ContractCheckCompiler.CompileAll(lint.Contracts, target, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        var outcomes = results.Select(r => $"check {r.Status switch { CheckStatus.Passed => "PASS", CheckStatus.Warned => "WARN", CheckStatus.Skipped => "SKIP", _ => "FAIL" }} {r.Check.Name} | {r.Outcome}{Sample(r)}").ToList();
        var mismatches = new ContractTables(lint.Contracts).All.SelectMany(t => ContractConformance.Check(target, t)).Select(m => $"mismatch {m.Kind} {m.Table}.{m.Column}").ToList();
        var rows = new List<string>();
        foreach (var (table, _) in expected.Rows)
        {
            rows.Add($"rows {table} {await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        }

        var actual = problems.Concat(outcomes).Concat(mismatches).Concat(rows).ToList();
        var report = $"{name} on {engine}, what happened:{Environment.NewLine}{string.Join(Environment.NewLine, actual)}";
        var unmatched = actual.ToList();
        foreach (var line in expected.Lines)
        {
            var hit = unmatched.FirstOrDefault(a => Expected.Matches(line, a));
            Assert.True(hit is not null, $"expected `{line}`, and it did not happen.{Environment.NewLine}{report}");
            unmatched.Remove(hit);
        }

        Assert.True(unmatched.Count == 0, $"these were not expected:{Environment.NewLine}{string.Join(Environment.NewLine, unmatched)}{Environment.NewLine}{report}");
    }

    private static string Sample(ContractCheckResult result) =>
        result.Sample.RowCount == 0 ? string.Empty
        : " | sample " + string.Join("; ", result.Sample.Rows.Select(r => string.Join(", ", result.Sample.Columns.Select((c, i) => $"{c.Name}={QueryResult.FormatCell(r[i])}"))));

    /// <summary>A case's expected.txt.</summary>
    private sealed record Expected(IReadOnlyList<string> Lines, IReadOnlyList<string> Engines, IReadOnlyList<(string Table, long Rows)> Rows, string? Server)
    {
        public static Expected Read(string folder)
        {
            var lines = File.ReadAllLines(Path.Combine(folder, "expected.txt"))
                .Select(l => (l.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 && !l.StartsWith("check", StringComparison.Ordinal) && !l.StartsWith("lint", StringComparison.Ordinal) ? l[..hash] : l).Trim())
                .Where(l => l.Length > 0)
                .ToList();
            var engines = lines.Where(l => l.StartsWith("engines ", StringComparison.Ordinal)).SelectMany(l => l[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            var server = lines.FirstOrDefault(l => l.StartsWith("server ", StringComparison.Ordinal))?[7..].Trim();
            var rows = lines.Where(l => l.StartsWith("rows ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(p => (p[1], long.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
            return new Expected(lines.Where(l => !l.StartsWith("engines ", StringComparison.Ordinal) && !l.StartsWith("server ", StringComparison.Ordinal)).ToList(), engines, rows, server);
        }

        /// <summary>
        /// Whether an outcome is the expected one: lint lines match kind, severity and FILE:LINE exactly and contain the
        /// text; check lines match status and name exactly and contain the text after <c>|</c>; the others match exactly.
        /// </summary>
        public static bool Matches(string expected, string actual)
        {
            var parts = expected.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "lint")
            {
                return actual.StartsWith($"lint {parts[1]} {parts[2]} ", StringComparison.Ordinal) && actual.Contains(parts[3], StringComparison.Ordinal);
            }

            if (parts[0] == "check")
            {
                var bar = expected.IndexOf('|', StringComparison.Ordinal);
                var head = (bar < 0 ? expected : expected[..bar]).Trim();
                var text = bar < 0 ? null : expected[(bar + 1)..].Trim();
                var actualHead = actual[..actual.IndexOf(" | ", StringComparison.Ordinal)];
                return actualHead == head && (text is null || actual[(actualHead.Length + 3)..].Contains(text, StringComparison.Ordinal));
            }

            return expected == actual;
        }
    }
}
