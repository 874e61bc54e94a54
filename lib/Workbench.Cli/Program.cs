using System.CommandLine;
using Workbench.Cli;

CliConsole.Install(args);
// Named as users type it (a RootCommand takes the name of the assembly: "Workbench.Cli"), with the root's help and version.
var root = new Command("workbench", "Workbench: projects of SQL models, data contracts, raw loads and notebooks, run as one pipeline on DuckDB or PostgreSQL.")
{
    ProjectCommands.Init(),
    ProjectCommands.Pipeline(),
    LoadCommands.Create(),
    ModelCommands.Create(),
    BuildCommands.Build(),
    BuildCommands.Rollback(),
    BuildCommands.Promote(),
    BuildCommands.Reset(),
    BuildCommands.Diff(),
    BuildCommands.Runs(),
    ProjectCommands.Test(),
    ProjectCommands.Docs(),
    ContractCommands.Create(),
    NotebookCommands.Create(),
    DataCommands.Create(),
    QueryCommands.Create(),
};
root.Options.Add(new System.CommandLine.Help.HelpOption());
root.Options.Add(new VersionOption());
root.Options.Add(CliOptions.Project);
root.Options.Add(CliOptions.Verbose);
return await CommandLineErrors.InvokeAsync(root, args);
