using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Workbench.Application;
using Workbench.History;
using Workbench.Models;

namespace Workbench.Benchmarks;

/// <summary>
/// What write-audit-publish costs: the sample project (its models, seeds, data tests and contracts, on generated data
/// at --scale, default 1) built by <c>workbench build</c> (written apart, every check run on the versions, published
/// in one transaction, history recorded) against the same seeds and models built directly into their schemas and then
/// checked there by <c>workbench test</c>, the same data tests, contract checks and conformance (what the pipeline did
/// before: publish, then the quality step), in the same run, alternating, on each engine (target: at most 1.3x). The
/// direct build alone, with no checks, is shown too: the ratio to it is what checking costs at all. Also times writing
/// the history of one such build (target: well under a second).
/// </summary>
internal static class AuditBenchmark
{
    private const double Target = 1.3;
    private const double HistoryTargetSeconds = 0.25;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Bench.IntOption(args, "--runs", 5);
        var scale = double.Parse(Bench.Option(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        var postgres = Bench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("WORKBENCH_TEST_POSTGRES");
        var root = Bench.FindRoot();
        var scratch = Path.Combine(Path.GetTempPath(), "wb-audit-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var databases = new List<string>();
        try
        {
            var project = Prepare(root, scratch, scale);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Audit benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, scale {scale}, {runs} runs each, medians)");
            report.AppendLine();
            report.AppendLine("| engine | workbench build (audit + publish + history) | built directly, then workbench test | ratio | target | built directly, no checks | ratio | history of one build | target |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|");
            var missed = 0;
            var engines = new List<(string Name, string Audited, string Direct)>
            {
                ("duckdb", "duckdb:" + Path.Combine(scratch, "audited.duckdb"), "duckdb:" + Path.Combine(scratch, "direct.duckdb")),
            };
            if (postgres is not null)
            {
                engines.Add(("postgres", "postgres:" + await CreateDatabaseAsync(postgres, databases), "postgres:" + await CreateDatabaseAsync(postgres, databases)));
            }
            else
            {
                Console.WriteLine("PostgreSQL skipped: pass --postgres CONNECTION-STRING or set WORKBENCH_TEST_POSTGRES (an admin connection).");
            }

            foreach (var (engine, audited, direct) in engines)
            {
                await LoadAsync(project, audited);
                await LoadAsync(project, direct);
                var ours = new List<double>();
                var theirs = new List<double>();
                var unchecked_ = new List<double>();
                var history = new List<double>();
                for (var i = -1; i < runs; i++)
                {
                    var (build, recorded) = await BuildAsync(project, audited);
                    var (plain, tested) = await DirectAsync(project, direct);
                    if (i >= 0)
                    {
                        ours.Add(build);
                        theirs.Add(tested);
                        unchecked_.Add(plain);
                        history.Add(recorded);
                    }
                }

                var ratio = Bench.Median(ours) / Bench.Median(theirs);
                var recording = Bench.Median(history);
                missed += (ratio <= Target ? 0 : 1) + (recording <= HistoryTargetSeconds ? 0 : 1);
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {engine} | {Bench.Median(ours):0.000} s | {Bench.Median(theirs):0.000} s | {ratio:0.00}x | {(ratio <= Target ? "met" : "MISSED")} (<= {Target}x) | {Bench.Median(unchecked_):0.000} s | {Bench.Median(ours) / Bench.Median(unchecked_):0.00}x | {recording * 1000:0} ms | {(recording <= HistoryTargetSeconds ? "met" : "MISSED")} (<= {HistoryTargetSeconds * 1000:0} ms) |");
                Console.WriteLine($"{engine}: build {Bench.Median(ours):0.000} s, direct then test {Bench.Median(theirs):0.000} s, {ratio:0.00}x (direct, no checks: {Bench.Median(unchecked_):0.000} s); history {recording * 1000:0} ms");
            }

            Console.WriteLine();
            Console.Write(report);
            var output = Path.Combine(root, "artifacts", "reports", "benchmark-audit.md");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine($"Written to {output}");
            return Bench.Verdict(args, missed);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var database in databases)
            {
                await using var admin = new NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A copy of the sample project (models, contracts, seeds, tests) whose sources are generated at <paramref name="scale"/>.</summary>
    private static string Prepare(string root, string scratch, double scale)
    {
        foreach (var folder in new[] { "sql", "contracts", Path.Combine("data", "seeds") })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(scratch, "project", folder, Path.GetRelativePath(Path.Combine(root, folder), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        var project = Path.Combine(scratch, "project");
        File.Copy(Path.Combine(root, "workbench.yaml"), Path.Combine(project, "workbench.yaml"));
        new Samples.RetailDataGenerator(new Samples.RetailGeneratorOptions(scale)).Generate(Path.Combine(project, "data", "sample"));
        return project;
    }

    private static async Task<string> CreateDatabaseAsync(string admin, List<string> databases)
    {
        var database = "wb_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        databases.Add(database);
        return new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
    }

    private static WorkbenchSession Open(string project, string warehouse) => WorkbenchSession.Open(new SessionOptions(project, "dev", warehouse));

    private static async Task LoadAsync(string project, string warehouse)
    {
        await using var session = Open(project, warehouse);
        await new LoadSources().RunAsync(session);
    }

    private static readonly DateTime RunDate = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>One <c>workbench build</c>; and, apart, how long writing that build's history took.</summary>
    private static async Task<(double Build, double History)> BuildAsync(string project, string warehouse)
    {
        await using var session = Open(project, warehouse);
        await session.ConnectAsync(); // as the direct build: the connection is open before the clock starts
        var clock = Stopwatch.StartNew();
        var built = await new Build(SnapshotTime: RunDate, AsOf: RunDate).RunAsync(session);
        var elapsed = clock.Elapsed.TotalSeconds;
        built.EnsureSucceeded();

        // The history the build wrote, written again into a scratch run: nodes and checks, as the build writes them.
        var connection = await session.ConnectAsync();
        var history = new RunHistory(connection);
        var run = new RunRecord(RunIds.New(), null, "benchmark", "retail", "dev", warehouse[..6], null, "{}", DateTime.UtcNow, null, "running", null);
        var nodes = built.Summary!.Results.Select(r => new NodeRecord("model:" + r.Model, "model", "succeeded", r.Rows, r.Duration, null, r.Model.ToString())).ToList();
        clock.Restart();
        await history.StartAsync(run);
        await history.AddNodesAsync(run.RunId, nodes);
        await history.AddChecksAsync(run.RunId, CheckRecords.Of(built.Checks!));
        await history.FinishAsync(run.RunId, "succeeded", null);
        return (elapsed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The same seeds and models, built by the model runner straight into their schemas, then the same checks run on
    /// them by <c>workbench test</c> (with its history and JUnit, as the quality step wrote them): how long the build
    /// alone took, and the build and the checks.
    /// </summary>
    private static async Task<(double Built, double Tested)> DirectAsync(string project, string warehouse)
    {
        await using var session = Open(project, warehouse);
        var connection = await session.ConnectAsync();
        var clock = Stopwatch.StartNew();
        var contracts = session.Contracts();
        var models = session.Models();
        await SeedLoader.LoadAllAsync(connection, session.Project.Seeds, contracts);
        var summary = await new ModelRunner(connection) { Contracts = contracts, SnapshotTime = RunDate }.RunAsync(models);
        var built = clock.Elapsed.TotalSeconds;
        summary.EnsureSucceeded();
        var tested = await new RunTests(AsOf: RunDate) { Contracts = contracts }.RunAsync(session);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (!tested.Passed)
        {
            throw new InvalidOperationException("The checks failed on the directly built models: " + tested);
        }

        return (built, elapsed);
    }
}
