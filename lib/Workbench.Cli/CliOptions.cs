using System.CommandLine;
using Workbench.Application;

namespace Workbench.Cli;

/// <summary>The options every project command shares, and how they become a <see cref="WorkbenchSession"/>.</summary>
internal static class CliOptions
{
    /// <summary>On the root command, for every command: the project to work on.</summary>
    /// <summary>Print the stack trace with an error (as <c>WORKBENCH_VERBOSE=1</c> does), to report a bug with it.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "With an error, also print its stack trace (as WORKBENCH_VERBOSE=1 does).", Recursive = true };

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

    public static Option<bool> ShowSensitive() => new("--show-sensitive")
    {
        Description = "Print the values of columns the contracts classify as sensitive (pii, restricted, ...) in failing-row samples, " +
            "for you at this terminal; JUnit and other artifacts stay masked. Refused when CI is set: CI logs are kept.",
    };

    /// <summary>Whether sensitive values may be shown: asked for, and not on a CI runner (whose logs are kept and shared).</summary>
    public static bool SensitiveAllowed(ParseResult parse, Option<bool> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!parse.GetValue(option))
        {
            return false;
        }

        if (System.Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            throw new Workbench.Errors.UsageException("--show-sensitive is for a person at a local terminal, and CI is set: CI logs are kept and shared, so sensitive values stay masked. Run it locally, without CI set.");
        }

        return true;
    }

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
            Command = Workbench.Warehouse.ConnectionSecrets.MaskIn("workbench " + string.Join(' ', System.Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))),
        });
        CliConsole.Masker.Add(session.Warehouse.Secrets);
        Workbench.Project.ProjectLibrary.Ensure(session.Project, AppContext.BaseDirectory);
        return session;
    }
}
