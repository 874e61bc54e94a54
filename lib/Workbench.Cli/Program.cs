using System.CommandLine;
using Workbench.Cli;

var root = new RootCommand("Workbench: run notebooks headlessly, generate sample data.")
{
    NotebookCommands.Create(),
    DataCommands.Create(),
    ContractCommands.Create(),
};
return await CommandLineErrors.InvokeAsync(root, args);
