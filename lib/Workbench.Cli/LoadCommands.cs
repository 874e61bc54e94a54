using System.CommandLine;
using System.Globalization;
using Workbench.Application;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Loading;
using Workbench.Loading.Http;
using Workbench.Warehouse;

namespace Workbench.Cli;

/// <summary><c>workbench load csv|json|http|postgres|duckdb</c>: sources into the raw zone, typed by the contracts.</summary>
internal static class LoadCommands
{
    private static readonly Option<string?> EnvironmentOption = CliOptions.Environment();
    private static readonly Option<string?> WarehouseOption = CliOptions.Warehouse();
    private static readonly Option<string?> ContractsOption = new("--contracts") { Description = "Contract files or folder the raw tables are typed by (default: the project's contracts)." };
    private static readonly Option<bool> UntypedOption = new("--untyped") { Description = "Load every column as text, without contracts (for a first look at a new source)." };
    private static readonly Option<string?> RootOption = new("--root") { Description = "Files are found, and lineage names them, relative to this folder (default: the project's sources folder)." };
    private static readonly Option<string> SchemaOption = new("--schema") { Description = "The raw schema.", DefaultValueFactory = _ => "raw" };
    private static readonly Option<bool> FullRefreshOption = new("--full-refresh") { Description = "Reload sources loaded before (replacing their rows) instead of skipping them." };
    private static readonly Option<double> MaxRejectedOption = new("--max-rejected") { Description = "Fail a batch when more than this fraction of its rows is rejected.", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<string?> SchemaModeOption = new("--schema-mode") { Description = "Override the contract's schema mode: evolve, freeze, discard_row or discard_value." };
    private static readonly Option<bool> QuietOption = new("--quiet") { Description = "No progress lines, only the summary." };

    public static Command Create()
    {
        var tables = new Option<string[]>("--table") { Description = "Only these raw tables of the project's sources.", AllowMultipleArgumentsPerToken = true };
        var runDate = new Option<DateOnly?>("--run-date") { Description = "The run's logical date: monthly sources' files dated after its month have not arrived and are left out." };
        var load = new Command("load", "Load sources into the raw zone: typed by the contracts, with lineage, rejects and idempotent batches. " +
            "Without a subcommand, loads the project's sources (workbench.yaml sources:).")
        {
            Csv(), Json(), Http(), Postgres(), DuckDb(), tables, runDate,
        };
        foreach (var option in new Option[] { EnvironmentOption, WarehouseOption, ContractsOption, UntypedOption, RootOption, SchemaOption, FullRefreshOption, MaxRejectedOption, SchemaModeOption, QuietOption })
        {
            option.Recursive = true;
            load.Options.Add(option);
        }

        load.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, EnvironmentOption, WarehouseOption);
            var request = new LoadSources(parse.GetValue(tables) is { Length: > 0 } t ? t : null, parse.GetValue(runDate), parse.GetValue(RootOption) is { } root ? Path.GetFullPath(root) : null, parse.GetValue(FullRefreshOption));
            var loaded = await request.RunAsync(session, cancellationToken);
            Console.WriteLine(loaded);
            return 0;
        });
        return load;
    }

    private static Command Csv()
    {
        var table = new Argument<string>("table") { Description = "The raw table, e.g. orders." };
        var files = new Argument<string[]>("files") { Description = "Files or globs (orders/orders_*.csv), relative to --root; one batch per file.", Arity = ArgumentArity.OneOrMore };
        var delimiter = new Option<string>("--delimiter") { Description = "Field separator; \\t for tab.", DefaultValueFactory = _ => "," };
        var noHeader = new Option<bool>("--no-header") { Description = "The files have no header line: fields follow the contract's column order." };
        var encoding = new Option<string>("--encoding")
        {
            Description = $"The files' text encoding: {string.Join(", ", SourceEncoding.All.Select(e => e.Name))}. A byte that is not UTF-8 rejects its row unless another encoding is given.",
            DefaultValueFactory = _ => SourceEncoding.Utf8.Name,
        };
        encoding.Validators.Add(result =>
        {
            try
            {
                SourceEncoding.Parse(result.GetValueOrDefault<string>());
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message.Split(" (Parameter", 2)[0]);
            }
        });
        var maxLine = new Option<long>("--max-line-bytes")
        {
            Description = "The longest record in bytes; a longer one is rejected with its line. The same limit on every engine.",
            DefaultValueFactory = _ => TextRules.DefaultMaxLineBytes,
        };
        maxLine.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() <= 0)
            {
                result.AddError("--max-line-bytes must be a positive number of bytes.");
            }
        });
        var command = new Command("csv", "Load CSV files.") { table, files, delimiter, noHeader, encoding, maxLine };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (warehouse, options, contracts, progress, ct) =>
        {
            var separator = parse.GetValue(delimiter) is "\\t" ? '\t' : parse.GetValue(delimiter)!.Single();
            var format = new CsvSourceFormat(separator, !parse.GetValue(noHeader))
            {
                Encoding = SourceEncoding.Parse(parse.GetValue(encoding)!),
                MaxLineBytes = parse.GetValue(maxLine),
            };
            var loader = new RawCsvLoader(warehouse, options, contracts) { Format = format, Progress = progress };
            return await LoadFilesAsync(loader, parse.GetValue(table)!, parse.GetValue(files)!, ct);
        }, cancellationToken));
        return command;
    }

    private static Command Json()
    {
        var table = new Argument<string>("table") { Description = "The raw table." };
        var files = new Argument<string[]>("files") { Description = "Files or globs relative to --root; .ndjson/.jsonl are one record per line.", Arity = ArgumentArity.OneOrMore };
        var records = new Option<string>("--records-path") { Description = "Where the records are in each document, e.g. data.items.", DefaultValueFactory = _ => string.Empty };
        var command = new Command("json", "Load JSON or NDJSON files (saved API responses).") { table, files, records };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (warehouse, options, contracts, progress, ct) =>
        {
            var loader = new RawJsonLoader(warehouse, options, contracts) { Format = new JsonSourceFormat(parse.GetValue(records)!), Progress = progress };
            return await LoadFilesAsync(loader, parse.GetValue(table)!, parse.GetValue(files)!, ct);
        }, cancellationToken));
        return command;
    }

    private static Command Http()
    {
        var table = new Argument<string>("table") { Description = "The raw table." };
        var url = new Argument<string>("url") { Description = "The first page of the API (http:// or https://)." };
        var records = new Option<string>("--records-path") { Description = "Where the records are in each page, e.g. data.", DefaultValueFactory = _ => string.Empty };
        var page = new Option<string?>("--page-param") { Description = "Page-number paging: the query parameter (until a page has no records)." };
        var cursor = new Option<string?>("--cursor-path") { Description = "Cursor paging: where the next cursor is in a page, e.g. meta.next." };
        var cursorParameter = new Option<string>("--cursor-param") { Description = "Cursor paging: the query parameter to send it in.", DefaultValueFactory = _ => "cursor" };
        var next = new Option<string?>("--next-url-path") { Description = "Link paging: where the next page's URL is, e.g. links.next." };
        var bronze = new Option<string>("--bronze") { Description = "Folder the responses are kept in, relative to --root.", DefaultValueFactory = _ => Path.Combine("data", "bronze") };
        var run = new Option<string?>("--run") { Description = "Names this fetch's folder, e.g. the run date (default: now, UTC)." };
        var attempts = new Option<int>("--attempts") { Description = "Attempts per page (5xx, 429 and timeouts are retried with backoff).", DefaultValueFactory = _ => 5 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take.", DefaultValueFactory = _ => 30 };
        var headers = new Option<string[]>("--header", "-H")
        {
            Description = "A request header, 'Name: value'; ${VARIABLE} is read from the environment (single-quote it, so the secret never reaches the command line). Header values are never printed or stored.",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxPages = new Option<int>("--max-pages") { Description = "Stop (and load nothing) past this many pages.", DefaultValueFactory = _ => 10_000 };
        var maxBytes = new Option<long>("--max-mb") { Description = "Stop (and load nothing) when all responses together pass this many MB.", DefaultValueFactory = _ => 2048 };
        var command = new Command("http", "Fetch a paged JSON API, keep every response as a file, and load the files.") { table, url, records, page, cursor, cursorParameter, next, bronze, run, attempts, timeout, headers, maxPages, maxBytes };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, projectRoot: true, async (warehouse, options, contracts, progress, ct) =>
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var source = new HttpJsonSource
            {
                Url = Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var first) && (first.Scheme == Uri.UriSchemeHttp || first.Scheme == Uri.UriSchemeHttps)
                    ? first
                    : throw new ArgumentException($"'{parse.GetValue(url)}' is not an http:// or https:// URL; give the API's first page, e.g. https://api.example.com/v1/events."),
                RecordsPath = parse.GetValue(records)!,
                PageParameter = parse.GetValue(page),
                CursorPath = parse.GetValue(cursor),
                CursorParameter = parse.GetValue(cursorParameter)!,
                NextUrlPath = parse.GetValue(next),
                MaxAttempts = parse.GetValue(attempts),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MaxPages = parse.GetValue(maxPages),
                MaxBytes = parse.GetValue(maxBytes) * 1_048_576,
                Headers = Headers(parse.GetValue(headers) ?? []),
            };
            var loader = new RawHttpLoader(warehouse, options, http, contracts) { Progress = progress };
            return await loader.LoadAsync(parse.GetValue(table)!, source, parse.GetValue(bronze)!, parse.GetValue(run), ct);
        }, cancellationToken));
        return command;
    }

    /// <summary>'Name: value' headers, variables expanded; every value (and every variable read) is masked in all output from here on.</summary>
    private static List<KeyValuePair<string, string>> Headers(string[] given)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in given)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"--header '{header.Split(':')[0]}...' is not 'Name: value' (for example --header 'Authorization: Bearer ${{API_TOKEN}}').");
            }

            var name = header[..colon].Trim();
            var secrets = new List<string>();
            var value = Workbench.Project.ConnectionVariables.ExpandArgument(header[(colon + 1)..].Trim(), Environment.GetEnvironmentVariable, $"--header {name}", secrets);
            CliConsole.Masker.Add([value, .. secrets]);
            headers.Add(KeyValuePair.Create(name, value));
        }

        return headers;
    }

    private static Command Postgres()
    {
        var table = new Argument<string>("table") { Description = "The raw table." };
        var source = new Option<string>("--source") { Description = "The source database's connection string.", Required = true };
        var (from, query, cursor, snapshot) = ExtractOptions();
        var command = new Command("postgres", "Extract a table or query from PostgreSQL (binary COPY), optionally incrementally by a cursor column.") { table, source, from, query, cursor, snapshot };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (warehouse, options, contracts, progress, ct) =>
            [await new RawDatabaseLoader(warehouse, options, contracts) { Progress = progress }.LoadPostgresAsync(parse.GetValue(table)!, parse.GetValue(source)!, Extract(parse, from, query, cursor, snapshot), ct)], cancellationToken));
        return command;
    }

    private static Command DuckDb()
    {
        var table = new Argument<string>("table") { Description = "The raw table." };
        var source = new Option<string>("--source") { Description = "The DuckDB file to read (opened read-only).", Required = true };
        var (from, query, cursor, snapshot) = ExtractOptions();
        var command = new Command("duckdb", "Extract a table or query from another DuckDB file, optionally incrementally by a cursor column.") { table, source, from, query, cursor, snapshot };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (warehouse, options, contracts, progress, ct) =>
            [await new RawDatabaseLoader(warehouse, options, contracts) { Progress = progress }.LoadDuckDbAsync(parse.GetValue(table)!, parse.GetValue(source)!, Extract(parse, from, query, cursor, snapshot), ct)], cancellationToken));
        return command;
    }

    private static (Option<string?> From, Option<string?> Query, Option<string?> Cursor, Option<string?> Snapshot) ExtractOptions() =>
        (new Option<string?>("--from-table") { Description = "The source table (schema.table)." },
         new Option<string?>("--query") { Description = "A query to extract instead of a table." },
         new Option<string?>("--cursor") { Description = "Load incrementally: only rows whose cursor column is greater than the last loaded (kept in raw._state)." },
         new Option<string?>("--snapshot") { Description = "Full extracts: the snapshot this is (e.g. the run date); the same snapshot again is skipped. Default: today." });

    private static DatabaseExtract Extract(ParseResult parse, Option<string?> from, Option<string?> query, Option<string?> cursor, Option<string?> snapshot)
    {
        var table = parse.GetValue(from);
        var sql = parse.GetValue(query);
        if ((table is null) == (sql is null))
        {
            throw new ArgumentException("Give exactly one of --from-table and --query.");
        }

        return new DatabaseExtract { Table = table, Query = sql, Cursor = parse.GetValue(cursor), Snapshot = parse.GetValue(snapshot) };
    }

    private static async Task<IReadOnlyList<RawBatchResult>> LoadFilesAsync(RawFileLoader loader, string table, string[] files, CancellationToken cancellationToken)
    {
        var spec = loader.SpecFor(table);
        var results = new List<RawBatchResult>();
        foreach (var file in files)
        {
            results.AddRange(await loader.LoadFilesAsync(spec, file, cancellationToken: cancellationToken));
        }

        return results;
    }

    private delegate Task<IReadOnlyList<RawBatchResult>> Load(WarehouseConnection warehouse, RawLoadOptions options, IReadOnlyList<DataContract>? contracts, IProgress<RawLoadProgress>? progress, CancellationToken cancellationToken);

    private static Task<int> RunAsync(ParseResult parse, Load load, CancellationToken cancellationToken) => RunAsync(parse, projectRoot: false, load, cancellationToken);

    /// <param name="projectRoot">Files are relative to the project root, not its sources folder, unless --root says otherwise (HTTP responses kept as bronze files).</param>
    private static async Task<int> RunAsync(ParseResult parse, bool projectRoot, Load load, CancellationToken cancellationToken)
    {
        await using var session = CliOptions.Open(parse, EnvironmentOption, WarehouseOption);
        IReadOnlyList<DataContract>? contracts = null;
        if (!parse.GetValue(UntypedOption))
        {
            if (parse.GetValue(ContractsOption) is { } given)
            {
                var lint = ContractLinter.Lint([given]);
                if (lint.HasErrors)
                {
                    throw new ContractsInvalidException(lint.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList(), "nothing was loaded (or pass --untyped to load text columns without them)");
                }

                contracts = lint.Contracts;
            }
            else
            {
                contracts = session.Contracts("nothing was loaded (or pass --untyped to load text columns without them)");
            }
        }

        SchemaMode? mode = null;
        if (parse.GetValue(SchemaModeOption) is { } modeText)
        {
            mode = SchemaModes.TryParse(modeText, out var parsed) ? parsed : throw new ArgumentException($"--schema-mode '{modeText}' is not one of {SchemaModes.Allowed}.");
        }

        var root = parse.GetValue(RootOption) is { } folder ? Path.GetFullPath(folder) : projectRoot ? session.Project.Root : session.Project.Sources;
        var options = new RawLoadOptions(root, parse.GetValue(FullRefreshOption), parse.GetValue(MaxRejectedOption), parse.GetValue(SchemaOption)!) { SchemaMode = mode, Log = Console.WriteLine };
        var progress = parse.GetValue(QuietOption) ? null : new ProgressLines(Console.Error.WriteLine);
        var warehouse = await session.ConnectAsync(cancellationToken);
        var results = await load(warehouse, options, contracts, progress, cancellationToken);
        foreach (var r in results)
        {
            Console.WriteLine(r.Describe(options.Schema));
        }

        Console.WriteLine(new SourcesLoaded(results).ToString().Replace("see raw._rejects", $"see {options.Schema}._rejects", StringComparison.Ordinal));
        return 0;
    }
}
