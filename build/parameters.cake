// Typed build parameters: every --argument the build reads, with its default, in one place.
public sealed record BuildParameters(
    string Env,
    string RunDate,
    string Scale,
    string Warehouse,
    string[] Steps,
    double CellTimeout,
    double NotebookTimeout,
    string Configuration,
    string Root)
{
    public string Artifacts => System.IO.Path.Combine(Root, "artifacts");
    public string TestResults => System.IO.Path.Combine(Artifacts, "test-results");
    public string Reports => System.IO.Path.Combine(Artifacts, "reports");
    public string Cli => System.IO.Path.Combine(Artifacts, "bin", "workbench", "Workbench.Cli.dll");

    public static BuildParameters From(ICakeContext context)
    {
        var p = new BuildParameters(
            context.Argument("env", "dev"),
            context.Argument("run-date", "2024-12-31"),
            context.Argument("scale", "0.1"),
            context.Argument("warehouse", ""),
            context.Arguments<string>("step", new string[0]).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray(),
            context.Argument("cell-timeout", 600.0),
            context.Argument("timeout", 1800.0),
            context.Argument("configuration", "Debug"),
            context.MakeAbsolute(context.Directory(".")).FullPath);
        if (!DateOnly.TryParseExact(p.RunDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            throw new CakeException(2, $"--run-date={p.RunDate}: write the date as yyyy-MM-dd, e.g. --run-date=2024-06-30.");
        if (p.CellTimeout <= 0 || p.NotebookTimeout <= 0)
            throw new CakeException(2, "--cell-timeout and --timeout are seconds and must be positive.");
        return p;
    }
}
