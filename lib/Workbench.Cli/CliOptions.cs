using System.CommandLine;
using Workbench.Application;

namespace Workbench.Cli;

/// <summary>The options every project command shares, and how they become a <see cref="WorkbenchSession"/>.</summary>
internal static class CliOptions
{
    /// <summary>On the root command, for every command: the project to work on.</summary>
    public static readonly Option<string?> Project = new("--project")
    {
        Description = "The project: a folder with a workbench.yaml, or one inside it (default: found upward from the current folder).",
        Recursive = true,
    };

    public static Option<string?> Environment() => new("--env")
    {
        Description = "The environment (its own warehouse): one of the project's environments, default dev.",
    };

    public static Option<string?> Warehouse() => new("--warehouse")
    {
        Description = "Another warehouse than the environment's: a name under warehouses: in workbench.yaml, or duckdb:PATH / postgres:CONNECTION-STRING. " +
            "A password is better given by PGPASSWORD, ~/.pgpass, or ${VARIABLE} in workbench.yaml.",
    };

    /// <summary>Opens the session the parsed command asks for; progress goes to standard output, masked.</summary>
    public static WorkbenchSession Open(ParseResult parse, Option<string?>? environment = null, Option<string?>? warehouse = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var session = WorkbenchSession.Open(new SessionOptions(
            parse.GetValue(Project),
            environment is null ? null : parse.GetValue(environment),
            warehouse is null ? null : parse.GetValue(warehouse))
        {
            Log = Console.WriteLine,
        });
        CliConsole.Masker.Add(session.Warehouse.Secrets);
        Workbench.Project.ProjectLibrary.Ensure(session.Project, AppContext.BaseDirectory);
        return session;
    }
}
