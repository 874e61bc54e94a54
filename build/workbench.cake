// Runs our own command line (artifacts/bin/workbench) in its own process: Cake only orchestrates, and a fresh clone
// needs no DLL before the Build target has made it. A warehouse given with --warehouse reaches the command, and the
// notebooks it starts, through the WORKBENCH_WAREHOUSE environment variable: never in a process's arguments.
public static void Workbench(ICakeContext context, BuildParameters p, string failure, params string[] arguments)
{
    var args = new ProcessArgumentBuilder().AppendQuoted(p.Cli);
    foreach (var argument in arguments) args.AppendQuoted(argument);
    var settings = new ProcessSettings { Arguments = args, WorkingDirectory = p.Root };
    if (!string.IsNullOrEmpty(p.Warehouse))
    {
        settings.EnvironmentVariables = new Dictionary<string, string> { ["WORKBENCH_WAREHOUSE"] = p.Warehouse };
    }

    var exitCode = context.StartProcess("dotnet", settings);
    if (exitCode != 0) throw new CakeException(exitCode, failure);
}

// The project's pipeline (workbench.yaml pipeline:), or the steps given with --step.
public static void RunPipeline(ICakeContext context, BuildParameters p)
{
    var arguments = new List<string> { "pipeline", "run", "--env", p.Env, "--var", $"runDate={p.RunDate}", "--var", $"scale={p.Scale}",
        "--cell-timeout", p.CellTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--timeout", p.NotebookTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    foreach (var step in p.Steps) { arguments.Add("--step"); arguments.Add(step); }
    Workbench(context, p, "the pipeline failed: the step and why are printed above", arguments.ToArray());
}
