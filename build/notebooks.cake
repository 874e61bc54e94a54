// Runs one layer notebook headlessly through `workbench notebook run`, in its own process.
public static void RunNotebook(ICakeContext context, BuildParameters p, string name, string outputDirectory = null)
{
    var args = new ProcessArgumentBuilder()
        .AppendQuoted(p.Cli)
        .Append("notebook").Append("run")
        .AppendQuoted(System.IO.Path.Combine(p.Root, "notebooks", name + ".ipynb"))
        .Append("--output").AppendQuoted(outputDirectory ?? p.ExecutedNotebooks)
        .Append("--junit").AppendQuoted(p.TestResults)
        .Append("--cell-timeout").Append(p.CellTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Append("--timeout").Append(p.NotebookTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Append("-p").AppendQuoted($"env={p.Env}")
        .Append("-p").AppendQuoted($"runDate={p.RunDate}")
        .Append("-p").AppendQuoted($"scale={p.Scale}");
    if (!string.IsNullOrEmpty(p.Warehouse))
    {
        args.Append("-p").AppendQuotedSecret($"warehouse={p.Warehouse}");
    }

    var exitCode = context.StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = p.Root });
    if (exitCode != 0)
    {
        throw new CakeException(exitCode,
            $"notebook {name} failed (exit {exitCode}); the error is printed above, and the executed notebook with the failing cell marked is {System.IO.Path.Combine(outputDirectory ?? p.ExecutedNotebooks, name + ".html")}");
    }
}

public static void PrintPipelineOutputs(ICakeContext context, BuildParameters p)
{
    context.Information("");
    context.Information("Pipeline succeeded.");
    context.Information(string.IsNullOrEmpty(p.Warehouse) ? $"  warehouse:          {p.WarehouseFile}" : "  warehouse:          (PostgreSQL, as given by --warehouse)");
    context.Information($"  executed notebooks: {p.ExecutedNotebooks}");
    context.Information($"  report:             {System.IO.Path.Combine(p.Reports, "05-explore.html")}");
    context.Information($"  test results:       {p.TestResults}");
}
