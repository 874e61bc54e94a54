using System.CommandLine;
using Workbench.Cli;

var root = new RootCommand("Workbench: run notebooks headlessly, load raw data, build SQL models, work with data contracts, generate sample data.")
{
    NotebookCommands.Create(),
    DataCommands.Create(),
    ContractCommands.Create(),
    LoadCommands.Create(),
    ModelCommands.Create(),
};
return await CommandLineErrors.InvokeAsync(root, args);
