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

    // Progress streams live on stdout; the error (stderr) is echoed as it comes and kept for the summary.
    var errors = new List<string>();
    var exitCode = context.StartProcess("dotnet", new ProcessSettings
    {
        Arguments = args,
        WorkingDirectory = p.Root,
        RedirectStandardError = true,
        RedirectedStandardErrorHandler = line =>
        {
            if (line != null) { Console.Error.WriteLine(line); errors.Add(line); }
            return line;
        },
    });
    if (exitCode != 0)
    {
        var reason = errors.FirstOrDefault(l => l.StartsWith("error: ")) ?? $"exit code {exitCode}";
        throw new CakeException(exitCode,
            $"{reason.Replace("error: ", string.Empty)}{Environment.NewLine}  The executed notebook, failing cell marked: {System.IO.Path.Combine(outputDirectory ?? p.ExecutedNotebooks, name + ".html")}");
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
