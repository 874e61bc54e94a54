namespace Workbench.Application;

/// <summary>What a front end (the command line, a notebook, the build) says about the session it wants.</summary>
/// <param name="Project">A folder inside the project (default: the current folder).</param>
/// <param name="Environment">The environment (default: the project's default, usually dev).</param>
/// <param name="Warehouse">A warehouse other than the environment's: a name under <c>warehouses:</c>, or <c>ENGINE:LOCATION</c>.
/// When null, <see cref="WarehouseVariable"/> is read, so a parent process can choose without putting a connection string in arguments.</param>
public sealed record SessionOptions(string? Project = null, string? Environment = null, string? Warehouse = null)
{
    /// <summary>The environment variable a parent process sets to choose the warehouse of its children (name or <c>ENGINE:LOCATION</c>).</summary>
    public const string WarehouseVariable = "WORKBENCH_WAREHOUSE";

    /// <summary>The environment variable a pipeline sets for its steps' processes: the run their history joins.</summary>
    public const string RunIdVariable = "WORKBENCH_RUN_ID";

    /// <summary>The environment variable a pipeline sets for its steps' processes: the step's name, on their history.</summary>
    public const string StepVariable = "WORKBENCH_STEP";

    /// <summary>What started the session, as the run history shows it (e.g. <c>workbench build --select marts</c>); default: the operation's name.</summary>
    public string? Command { get; init; }

    /// <summary>Reads environment variables (default: the process environment); tests give their own.</summary>
    public Func<string, string?> Variables { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Receives progress lines (a load's rows, a model's result, a check's verdict) as work goes on.</summary>
    public Action<string>? Log { get; init; }
}
