using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Workbench.Contracts;
using Workbench.Loading;
using Workbench.Samples;
using Workbench.Warehouse;

namespace Workbench.Benchmarks;

/// <summary>
/// Raw loading against the engines' own bulk loads, measured in the same run on the same files: CSV into DuckDB (raw
/// loader with contract typing, lineage and rejects vs <c>CREATE TABLE AS SELECT * FROM read_csv(...)</c> typed with the
/// contract's column types) and into
/// PostgreSQL (vs <c>COPY ... FROM STDIN (FORMAT csv)</c>). Every measured load runs in a fresh child process with a
/// fresh warehouse, ours and the reference alternating; the child reports its wall time and peak memory. Peak memory
/// is measured at two file sizes ten times apart: streaming keeps it flat.
/// </summary>
internal static class LoadBenchmark
{
    private const double DuckDbTarget = 1.3;
    private const double PostgresTarget = 1.15;
    private static readonly string[] Tables = ["orders", "order_items"];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Bench.IntOption(args, "--runs", 5);
        var scale = double.Parse(Bench.Option(args, "--scale") ?? "40", CultureInfo.InvariantCulture);
        var postgres = Bench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("WORKBENCH_TEST_POSTGRES");
        var root = Bench.FindRoot();
        var scratch = Path.Combine(Path.GetTempPath(), "wb-load-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            var large = Prepare(scratch, scale);
            var small = Prepare(scratch, scale / 10);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Raw loading benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} runs each, medians)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Sample domain generated at scale {scale} (large) and {scale / 10} (small); monthly files joined into one file per table.");
            report.AppendLine();
            report.AppendLine("| engine | table | rows | workbench (s) | reference (s) | ratio | target | floor (s) | floor ratio | peak MB small → large (workbench) | peak MB small → large (reference) |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            var engines = new List<string> { "duckdb" };
            if (postgres is not null)
            {
                engines.Add("postgres");
            }
            else
            {
                Console.WriteLine("PostgreSQL skipped: pass --postgres CONNECTION-STRING or set WORKBENCH_TEST_POSTGRES (an admin connection).");
            }

            if (Bench.Option(args, "--engine") is { } only)
            {
                engines.RemoveAll(e => e != only);
            }

            var missed = 0;
            foreach (var engine in engines)
            {
                foreach (var table in Tables)
                {
                    var ours = new List<Measurement>();
                    var theirs = new List<Measurement>();
                    var floor = new List<Measurement>();
                    var encoded = engine == "postgres" ? await EncodeRawRowsAsync(root, scratch, postgres!, table, large[table]) : large[table];
                    for (var i = -1; i < runs; i++) // run -1 warms the page cache for both and is not counted
                    {
                        var a = await MeasureAsync(root, scratch, engine, postgres, table, large[table], "workbench");
                        var b = await MeasureAsync(root, scratch, engine, postgres, table, large[table], "reference");
                        var c = await MeasureAsync(root, scratch, engine, postgres, table, encoded, "floor");
                        if (i >= 0)
                        {
                            ours.Add(a);
                            theirs.Add(b);
                            floor.Add(c);
                        }
                    }

                    var smallOurs = await MeasureAsync(root, scratch, engine, postgres, table, small[table], "workbench");
                    var smallTheirs = await MeasureAsync(root, scratch, engine, postgres, table, small[table], "reference");
                    var reference = Bench.Median(theirs.Select(m => m.Seconds).ToList());
                    var ratio = Bench.Median(ours.Select(m => m.Seconds).ToList()) / reference;
                    var floorSeconds = floor.Count == 0 ? (double?)null : Bench.Median(floor.Select(m => m.Seconds).ToList());
                    var floorCells = floorSeconds is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f:0.000} | {f / reference:0.00}x | ") : "| | ";
                    var target = engine == "duckdb" ? DuckDbTarget : PostgresTarget;
                    if (ratio > target)
                    {
                        missed++;
                        Console.WriteLine($"MISSED: {engine} {table} loads at {ratio:0.00}x of the engine's own bulk load; the target is <= {target}x.");
                    }
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| {engine} | {table} | {ours[0].Rows:N0} | {Bench.Median(ours.Select(m => m.Seconds).ToList()):0.000} | {Bench.Median(theirs.Select(m => m.Seconds).ToList()):0.000} | " +
                        $"{ratio:0.00}x | {(ratio <= target ? "met" : "MISSED")} (<= {target}x) | " +
                        $"{floorCells}" +
                        $"{smallOurs.PeakMegabytes:0} → {ours.Max(m => m.PeakMegabytes):0} | {smallTheirs.PeakMegabytes:0} → {theirs.Max(m => m.PeakMegabytes):0} |");
                    Console.WriteLine($"{engine} {table}: ratio {ratio:0.00}x");
                }
            }

            report.AppendLine();
            report.AppendLine("Peak memory is the child process's peak resident set (VmHWM), .NET runtime and the engine included; the large file is 10x the small one.");
            report.AppendLine();
            report.AppendLine("Floor: the engine storing the rows our load stores, lineage columns included, the cheapest way we know, with no " +
                "bookkeeping (batches, rejects, reconciling). PostgreSQL: our raw table's rows, encoded beforehand as binary COPY data, so " +
                "the client does no work: the reference's steps with our rows; no loader that keeps those rows can be faster, so a floor " +
                "ratio above the target means the target cannot be met on this machine with these columns. DuckDB: CREATE TABLE AS " +
                "SELECT the two lineage values and the typed read_csv, then row numbers from row ids. The references are each engine's " +
                "own load of the bare file: DuckDB's read_csv typed with the contract's types, PostgreSQL's COPY FROM STDIN (FORMAT csv).");
            Console.WriteLine();
            Console.Write(report);
            var output = Path.Combine(root, "artifacts", "reports", "benchmark-load.md");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine($"Written to {output}");
            return Bench.Verdict(args, missed);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>One load in this process: prints "seconds rows peak-bytes" for the parent.</summary>
    public static async Task<int> OnceAsync(string[] args)
    {
        var engine = Bench.Option(args, "--engine")!;
        var warehouse = Bench.Option(args, "--warehouse")!;
        var table = Bench.Option(args, "--table")!;
        var file = Bench.Option(args, "--file")!;
        var mode = Bench.Option(args, "--mode")!;
        var contracts = ContractLinter.Lint([Path.Combine(Bench.FindRoot(), "contracts", "raw")]).Contracts;
        await using var wh = await WarehouseConnection.OpenAsync(WarehouseOptions.Parse($"{engine}:{warehouse}"));
        var clock = Stopwatch.StartNew();
        long rows;
        if (mode == "workbench")
        {
            var result = await new RawCsvLoader(wh, new RawLoadOptions(Path.GetDirectoryName(file)!), contracts).LoadFileAsync(table, file);
            rows = result.RowsLoaded;
        }
        else if (mode == "floor" && engine == "duckdb")
        {
            // DuckDB's fastest way to store the same rows: its own typed reader, the lineage columns as constants, the
            // row numbers from row ids (what our load does when nothing is rejected), no bookkeeping.
            await wh.ExecuteAsync(
                $"""
                CREATE TABLE reference AS
                SELECT 1::BIGINT AS _batch_id, 0::BIGINT AS _source_row, *
                FROM read_csv({WarehouseConnection.Literal(file)}, header = true, auto_detect = false, columns = {TypedColumns(contracts, table, file)})
                """);
            await wh.ExecuteAsync("UPDATE reference SET _source_row = rowid + 1");
            rows = await wh.ScalarAsync<long>("SELECT COUNT(*) FROM reference");
        }
        else if (mode == "floor")
        {
            await wh.ExecuteAsync(await File.ReadAllTextAsync(file + ".sql"));
            await using (var copy = await ((NpgsqlConnection)wh.Connection).BeginRawBinaryCopyAsync("COPY reference FROM STDIN (FORMAT BINARY)"))
            await using (var encoded = File.OpenRead(file))
            {
                await encoded.CopyToAsync(copy);
            }

            rows = await wh.ScalarAsync<long>("SELECT COUNT(*) FROM reference");
        }
        else if (engine == "duckdb")
        {
            // DuckDB's own load of the bare file, typed as the contract types it (no sniffing).
            rows = await wh.ExecuteAsync($"CREATE TABLE reference AS SELECT * FROM read_csv({WarehouseConnection.Literal(file)}, header = true, auto_detect = false, columns = {TypedColumns(contracts, table, file)})");
        }
        else
        {
            var spec = RawTableSpec.Find(contracts, new TableName("raw", table), PostgresDialect.Instance)!;
            await wh.ExecuteAsync($"CREATE TABLE reference ({string.Join(", ", spec.Columns.Select(c => $"{WarehouseConnection.Quote(c.Name)} {c.SqlType}"))})");
            var columns = string.Join(", ", File.ReadLines(file).First().Split(',').Select(WarehouseConnection.Quote));
            await using (var writer = await ((NpgsqlConnection)wh.Connection).BeginTextImportAsync($"COPY reference ({columns}) FROM STDIN (FORMAT csv, HEADER true)"))
            {
                using var reader = new StreamReader(file, Encoding.UTF8);
                var buffer = new char[1 << 16];
                int read;
                while ((read = await reader.ReadAsync(buffer)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, read));
                }
            }

            rows = await wh.ScalarAsync<long>("SELECT COUNT(*) FROM reference");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {seconds} {rows} {PeakResidentBytes(self)}"));
        return 0;
    }

    /// <summary>read_csv's <c>columns</c>: the file's header with each column's type from the raw contract.</summary>
    private static string TypedColumns(IReadOnlyList<DataContract> contracts, string table, string file)
    {
        var spec = RawTableSpec.Find(contracts, new TableName("raw", table), DuckDbDialect.Instance)!;
        var types = spec.Columns.ToDictionary(c => c.Name, c => c.SqlType, StringComparer.OrdinalIgnoreCase);
        return "{" + string.Join(", ", File.ReadLines(file).First().Split(',').Select(h => $"{WarehouseConnection.Literal(h)}: {WarehouseConnection.Literal(types[h])}")) + "}";
    }

    private sealed record Measurement(double Seconds, long Rows, long PeakBytes)
    {
        public double PeakMegabytes => PeakBytes / 1024d / 1024d;
    }

    private static async Task<Measurement> MeasureAsync(string root, string scratch, string engine, string? postgres, string table, string file, string mode)
    {
        string warehouse;
        string? database = null;
        if (engine == "duckdb")
        {
            warehouse = Path.Combine(scratch, $"bench-{Guid.NewGuid():N}.duckdb");
        }
        else
        {
            database = "wb_bench_" + Guid.NewGuid().ToString("N")[..10];
            await using var admin = new NpgsqlConnection(postgres);
            await admin.OpenAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin))
            {
                await create.ExecuteNonQueryAsync();
            }

            warehouse = new NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = false }.ConnectionString;
        }

        try
        {
            var self = typeof(LoadBenchmark).Assembly.Location;
            var output = Bench.RunCapture("dotnet", [self, "load-once", "--engine", engine, "--warehouse", warehouse, "--table", table, "--file", file, "--mode", mode], root);
            var line = output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Split(' ');
            return new Measurement(double.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture), long.Parse(line[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            if (database is not null)
            {
                await using var admin = new NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            else
            {
                foreach (var f in Directory.GetFiles(scratch, Path.GetFileName(warehouse) + "*"))
                {
                    File.Delete(f);
                }
            }
        }
    }

    /// <summary>
    /// Loads <paramref name="file"/> once the way a workbench load does and saves the raw table's rows as binary COPY
    /// data (<c>.bin</c>) with the table's definition (<c>.bin.sql</c>), for the floor measurement.
    /// </summary>
    private static async Task<string> EncodeRawRowsAsync(string root, string scratch, string postgres, string table, string file)
    {
        var database = "wb_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var output = Path.Combine(scratch, table + ".raw.bin");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = false }.ConnectionString;
            var contracts = ContractLinter.Lint([Path.Combine(root, "contracts", "raw")]).Contracts;
            await using var wh = await WarehouseConnection.OpenAsync(WarehouseOptions.Parse($"postgres:{connection}"));
            await new RawCsvLoader(wh, new RawLoadOptions(Path.GetDirectoryName(file)!), contracts).LoadFileAsync(table, file);
            var columns = await wh.ScalarAsync<string>(
                $"""
                SELECT string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY attnum)
                FROM pg_attribute WHERE attrelid = 'raw.{table}'::regclass AND attnum > 0 AND NOT attisdropped
                """);
            await File.WriteAllTextAsync(output + ".sql", $"CREATE TABLE reference ({columns})");
            await using var copy = await ((NpgsqlConnection)wh.Connection).BeginRawBinaryCopyAsync($"COPY raw.{table} TO STDOUT (FORMAT BINARY)");
            await using var target = File.Create(output);
            await copy.CopyToAsync(target);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(postgres);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        return output;
    }

    /// <summary>Generates the sample domain at <paramref name="scale"/> and joins each table's monthly files into one file.</summary>
    private static Dictionary<string, string> Prepare(string scratch, double scale)
    {
        var folder = Path.Combine(scratch, "scale-" + scale.ToString(CultureInfo.InvariantCulture));
        new RetailDataGenerator(new RetailGeneratorOptions { Scale = scale }).Generate(folder);
        var files = new Dictionary<string, string>();
        foreach (var table in Tables)
        {
            var joined = Path.Combine(folder, table + ".csv");
            using (var output = new StreamWriter(joined, append: false, new UTF8Encoding(false)))
            {
                var first = true;
                foreach (var part in Directory.GetFiles(Path.Combine(folder, table), "*.csv").Order(StringComparer.Ordinal))
                {
                    foreach (var line in File.ReadLines(part).Skip(first ? 0 : 1))
                    {
                        output.Write(line);
                        output.Write('\n');
                    }

                    first = false;
                }
            }

            files[table] = joined;
            Console.WriteLine($"scale {scale}: {table} {new FileInfo(joined).Length / 1024 / 1024} MB");
        }

        return files;
    }

    /// <summary>The process's peak resident set size (Linux VmHWM); the peak working set elsewhere.</summary>
    private static long PeakResidentBytes(Process self)
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return self.PeakWorkingSet64;
    }
}
