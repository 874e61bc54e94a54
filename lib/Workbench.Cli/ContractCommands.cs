using System.CommandLine;
using Workbench.Contracts;

namespace Workbench.Cli;

/// <summary><c>workbench contract lint</c>: ODCS data contracts.</summary>
internal static class ContractCommands
{
    public static Command Create() => new("contract", "Work with ODCS v3 data contracts (contracts/*.odcs.yaml).") { Lint(), Ddl() };

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

            Console.Write(ContractDdl.Generate(result.Contract, parse.GetValue(engine) == "postgres" ? Workbench.Warehouse.WarehouseEngine.Postgres : Workbench.Warehouse.WarehouseEngine.DuckDb));
            return 0;
        });
        return ddl;
    }

    private static Command Lint()
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (default: contracts).", Arity = ArgumentArity.ZeroOrMore };
        var lint = new Command("lint", "Report every problem in the contracts at once, with file:line:column. Exit 1 on errors.") { paths };
        lint.SetAction(parse =>
        {
            var given = parse.GetValue(paths) is { Length: > 0 } p ? p : ["contracts"];
            var result = ContractLinter.Lint(given);
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
