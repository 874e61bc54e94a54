using System.CommandLine;
using Workbench.Contracts;

namespace Workbench.Cli;

/// <summary><c>workbench contract lint</c>: ODCS data contracts.</summary>
internal static class ContractCommands
{
    public static Command Create() => new("contract", "Work with ODCS v3 data contracts (contracts/*.odcs.yaml).") { Lint(), Ddl(), Test(), Diff(), Import(), Docs() };

    private static Command Diff()
    {
        var paths = new Argument<string[]>("paths") { Description = "OLD NEW contract files; with --git, contract files or folders (default: the project's contracts).", Arity = ArgumentArity.ZeroOrMore };
        var git = new Option<string?>("--git") { Description = "Compare each contract with its version at this git revision (e.g. HEAD)." };
        var diff = new Command("diff", "Classify changes between contract versions as breaking or not, and check the version bump (breaking needs a new major). Exit 1 when it does not.") { paths, git };
        diff.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(paths) ?? [];
            var failures = 0;
            if (parse.GetValue(git) is { } revision)
            {
                foreach (var compared in await ContractHistory.CompareAsync(given.Length > 0 ? given : [DefaultContracts(parse)], revision, cancellationToken))
                {
                    if (compared.IsNew)
                    {
                        Console.WriteLine($"{compared.File}: new contract (not in {revision})");
                    }
                    else if (compared.Diff is { } changes)
                    {
                        failures += await PrintAsync(compared.Label, compared.File, changes);
                    }
                    else
                    {
                        foreach (var problem in compared.Problems)
                        {
                            await Console.Error.WriteLineAsync(problem.ToString());
                        }

                        failures++;
                    }
                }

                return failures > 0 ? 1 : 0;
            }

            if (given.Length != 2)
            {
                await Console.Error.WriteLineAsync("error: give two contract files (OLD NEW), or --git REVISION [paths].");
                return 2;
            }

            var label = $"{given[0]} -> {given[1]}";
            var before = ContractParser.Parse(label + " (old)", await File.ReadAllTextAsync(given[0], cancellationToken));
            var after = ContractParser.ParseFile(given[1]);
            if (before.Contract is null || after.Contract is null || after.HasErrors)
            {
                foreach (var problem in before.Problems.Concat(after.Problems).Where(x => x.Severity == ProblemSeverity.Error))
                {
                    await Console.Error.WriteLineAsync(problem.ToString());
                }

                return 1;
            }

            return await PrintAsync(label, given[1], ContractDiffer.Diff(before.Contract, after.Contract)) > 0 ? 1 : 0;
        });
        return diff;
    }

    private static async Task<int> PrintAsync(string label, string file, ContractDiff result)
    {
        Console.WriteLine($"{label}: {result.OldVersion} -> {result.NewVersion}, {result.Changes.Count} change(s), {result.Changes.Count(c => c.Breaking)} breaking");
        foreach (var change in result.Changes)
        {
            Console.WriteLine("  " + change);
        }

        if (result.VersionProblem is { } problem)
        {
            await Console.Error.WriteLineAsync($"error: {file}: {problem}");
            return 1;
        }

        return 0;
    }

    /// <summary>The project's contracts folder when the command runs in a project; else <c>contracts</c> in the current folder.</summary>
    private static bool InProject(ParseResult parse)
    {
        try
        {
            Workbench.Project.WorkbenchProject.Find(parse.GetValue(CliOptions.Project));
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static string DefaultContracts(ParseResult parse)
    {
        try
        {
            return Workbench.Project.WorkbenchProject.Find(parse.GetValue(CliOptions.Project)).Contracts;
        }
        catch (DirectoryNotFoundException)
        {
            return "contracts";
        }
    }

    private static Command Test()
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (default: the project's contracts).", Arity = ArgumentArity.ZeroOrMore };
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var junit = new Option<string?>("--junit") { Description = "Write the results as JUnit XML to this file (one test case per check)." };
        var asOf = new Option<DateTime?>("--as-of") { Description = "Judge freshness SLAs at this UTC time, e.g. 2024-12-31T23:59:59 (default: now). Pipelines pass the end of their run date." };
        var server = new Option<string?>("--server") { Description = "The contract's server that is this warehouse (servers[].server): unqualified tables are in its schema. Default: the contract's one server of this engine's type." };
        var showSensitive = CliOptions.ShowSensitive();
        var test = new Command("test", "Run every rule in the contracts as SQL on the warehouse (read-only) and compare each table's columns and types with its contract. Exit 1 on error-severity failures.")
        {
            paths, environment, warehouse, junit, asOf, server, showSensitive,
        };
        test.SetAction(async (parse, cancellationToken) =>
        {
            var named = parse.GetValue(paths) is { Length: > 0 } given ? given : null;
            if (await CliContracts.LintCleanAsync(named ?? [DefaultContracts(parse)], "nothing was run", wholeProject: named is null) is not { } lint)
            {
                return 1;
            }

            var sensitive = CliOptions.SensitiveAllowed(parse, showSensitive);
            await using var session = CliOptions.Open(parse, environment, warehouse);
            var ran = await new Workbench.Application.RunTests(AsOf: parse.GetValue(asOf))
            {
                DataTests = false, Contracts = lint.Contracts, Server = parse.GetValue(server), ShowSensitive = sensitive,
            }.RunAsync(session, cancellationToken);
            if (parse.GetValue(junit) is { } junitPath)
            {
                ContractCheckRunner.WriteJUnit(junitPath, ran.ContractChecks);
            }

            Console.WriteLine(ran.Report());
            return ran.Passed ? 0 : 1;
        });
        return test;
    }

    private static Command Ddl()
    {
        var path = new Argument<string>("contract") { Description = "The contract file." };
        var engine = new Option<string>("--engine") { Description = "duckdb or postgres.", DefaultValueFactory = _ => "duckdb" };
        engine.AcceptOnlyFromAmong("duckdb", "postgres");
        var ddl = new Command("ddl", "Print the CREATE statements for the contract's tables.") { path, engine };
        ddl.SetAction(parse =>
        {
            var result = ContractParser.ParseFile(parse.GetValue(path)!);
            if (result.HasErrors || result.Contract is null)
            {
                foreach (var problem in result.Problems)
                {
                    Console.Error.WriteLine(problem);
                }

                Console.Error.WriteLine("error: the contract has errors; fix them (see `workbench contract lint`) before generating DDL.");
                return 1;
            }

            Console.Write(ContractDdl.Generate(result.Contract, Workbench.Warehouse.SqlDialect.Named(parse.GetValue(engine)!)));
            return 0;
        });
        return ddl;
    }

    private static Command Import()
    {
        var tables = new Argument<string[]>("tables") { Description = "Tables or views to describe, as schema.name.", Arity = ArgumentArity.OneOrMore };
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var id = new Option<string?>("--id") { Description = "The contract's id (default: workbench.SCHEMA.TABLE of the first table)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (refuses to overwrite one); default: print." };
        var import = new Command("import", "Draft a contract (status: draft) from live tables: columns, types, NOT NULL as required. Add descriptions and rules, then lint it.") { tables, environment, warehouse, id, output };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var names = parse.GetValue(tables)!.Select(Workbench.Warehouse.TableName.Parse).ToList();
            var target = parse.GetValue(output);
            if (target is not null && File.Exists(target))
            {
                await Console.Error.WriteLineAsync($"error: {target} exists; a draft never overwrites a contract. Choose another --output, or delete the file first.");
                return 1;
            }

            await using var session = CliOptions.Open(parse, environment, warehouse);
            var wh = await session.ConnectAsync(cancellationToken);
            var yaml = await ContractScaffold.FromTablesAsync(wh, parse.GetValue(id) ?? $"workbench.{names[0].Schema}.{names[0].Name}", names, cancellationToken);
            if (target is null)
            {
                Console.Write(yaml);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                await File.WriteAllTextAsync(target, yaml, cancellationToken);
                Console.WriteLine($"wrote {target}: {names.Count} table(s). Next: add descriptions and rules, then `workbench contract lint {target}`.");
            }

            return 0;
        });
        return import;
    }

    private static Command Docs()
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (default: contracts).", Arity = ArgumentArity.ZeroOrMore };
        var outputs = new Option<string[]>("--output", "-o") { Description = "Write the dictionary to these files: .md for Markdown, .html for a page with a filter box. Default: print Markdown.", AllowMultipleArgumentsPerToken = true };
        var docs = new Command("docs", "Render the data dictionary from the contracts: tables, columns, types, descriptions, rules, relationships, SLAs.") { paths, outputs };
        docs.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(paths) is not { Length: > 0 } && InProject(parse))
            {
                return await ProjectCommands.RenderDocsAsync(parse, parse.GetValue(outputs) ?? []); // one path with `workbench docs`
            }

            // Contracts outside a project, or some of them: the dictionary of those files alone.
            if (await CliContracts.LintCleanAsync(parse.GetValue(paths) is { Length: > 0 } given ? given : [DefaultContracts(parse)], "nothing was written") is not { } lint)
            {
                return 1;
            }

            var dictionary = Workbench.Contracts.Documentation.DataDictionary.Build(lint.Contracts);
            var targets = parse.GetValue(outputs) ?? [];
            if (targets.Length == 0)
            {
                Console.Write(Workbench.Contracts.Documentation.MarkdownDictionary.Render(dictionary, Directory.GetCurrentDirectory()));
                return 0;
            }

            if (targets.FirstOrDefault(t => Path.GetExtension(t).ToLowerInvariant() is not (".md" or ".html" or ".htm")) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"error: {unknown}: the format comes from the extension; use .md or .html.");
                return 2;
            }

            foreach (var target in targets)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
                Directory.CreateDirectory(folder);
                var text = Path.GetExtension(target).Equals(".md", StringComparison.OrdinalIgnoreCase)
                    ? Workbench.Contracts.Documentation.MarkdownDictionary.Render(dictionary, folder)
                    : Workbench.Contracts.Documentation.HtmlDictionary.Render(dictionary, Directory.GetCurrentDirectory(), DateTimeOffset.UtcNow);
                await File.WriteAllTextAsync(target, text, cancellationToken);
                Console.WriteLine($"wrote {target}: {dictionary.Tables.Count} table(s), {dictionary.Tables.Sum(t => t.Columns.Count)} column(s)");
            }

            return 0;
        });
        return docs;
    }

    private static Command Lint()
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (default: contracts).", Arity = ArgumentArity.ZeroOrMore };
        var lint = new Command("lint", "Report every problem in the contracts at once, with file:line:column. Exit 1 on errors.") { paths };
        lint.SetAction(parse =>
        {
            var named = parse.GetValue(paths) is { Length: > 0 } p ? p : null;
            var result = ContractLinter.Lint(named ?? [DefaultContracts(parse)], wholeProject: named is null);
            foreach (var problem in result.Problems)
            {
                (problem.Severity == ProblemSeverity.Error ? Console.Error : Console.Out).WriteLine(problem);
            }

            var errors = result.Problems.Count(x => x.Severity == ProblemSeverity.Error);
            var warnings = result.Problems.Count - errors;
            Console.WriteLine($"{result.FilesRead} contract file(s), {result.Contracts.Sum(c => c.Schema.Count)} table(s): {errors} error(s), {warnings} warning(s).");
            return errors > 0 ? 1 : 0;
        });
        return lint;
    }
}
