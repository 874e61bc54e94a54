using System.CommandLine;
using Workbench.Warehouse;

namespace Workbench.Cli;

/// <summary><c>workbench sql "QUERY"</c>: a query against an environment's warehouse, read-only, printed as a table.</summary>
internal static class QueryCommands
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "The SQL to run, e.g. \"SELECT * FROM marts.fct_orders LIMIT 10\"." };
        var environment = CliOptions.Environment();
        var warehouse = CliOptions.Warehouse();
        var limit = new Option<int>("--limit") { Description = "Rows to print at most.", DefaultValueFactory = _ => 50 };
        var sql = new Command("sql", "Run a query on the environment's warehouse (read-only: nothing can be changed) and print its rows as a table.") { query, environment, warehouse, limit };
        sql.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliOptions.Open(parse, environment, warehouse);
            if (!session.Warehouse.Options.Exists)
            {
                throw new Workbench.Errors.UsageException(
                    $"The {session.Environment} warehouse ({session.Warehouse}) does not exist yet: nothing was loaded or built there. Run `workbench pipeline run` (or `workbench load` and `workbench build`) first.");
            }

            await using var connection = await WarehouseConnection.OpenAsync(session.Warehouse.Options with { ReadOnly = true }, cancellationToken);
            var rows = parse.GetValue(limit);
            CliTable.Write(await connection.QueryAsync(parse.GetValue(query)!, rows, cancellationToken), rows);
            return 0;
        });
        return sql;
    }
}
