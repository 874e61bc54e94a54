namespace Workbench.Project;

/// <summary>Where a setting was written in workbench.yaml, for messages.</summary>
public readonly record struct SettingLocation(string File, long Line, long Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A warehouse as workbench.yaml describes it. <see cref="Location"/> is a DuckDB file (relative to the project) or a
/// PostgreSQL connection string; either may hold <c>{env}</c> (the environment's name) and <c>${VARIABLE}</c> (read from
/// the process environment when the warehouse is used). A password is never written in the file: <see cref="Password"/>
/// names a variable (<c>${WORKBENCH_PG_PASSWORD}</c>), or Npgsql's own <c>PGPASSWORD</c> / <c>~/.pgpass</c> supply it.
/// </summary>
public sealed record WarehouseSettings(string Engine, string Location, string? Password, SettingLocation At);

/// <summary>An environment (dev, qa, prod): its own warehouse, named or given inline, or the project's default one.</summary>
public sealed record EnvironmentSettings(string Name, string? WarehouseName, WarehouseSettings? Warehouse, SettingLocation At)
{
    /// <summary>Put before the schema of everything this environment publishes (<c>qa_</c>: <c>qa_marts.fct_orders</c>), so environments can share a warehouse.</summary>
    public string SchemaPrefix { get; init; } = string.Empty;

    /// <summary>
    /// A throwaway environment (<c>scratch: true</c>): Workbench may empty its warehouse (<see cref="Application.ResetEnvironment"/>),
    /// as a notebook does before a demonstration or an exercise. Only a scratch environment is ever emptied.
    /// </summary>
    public bool Scratch { get; init; }
}

/// <summary>
/// How builds publish: <see cref="Publish"/> says how much of a build that fails its checks is published (all or
/// nothing by default), <see cref="Keep"/> how many publications per environment stay restorable by rollback.
/// </summary>
public sealed record BuildSettings(int Keep = 3, Publishing.PublishMode Publish = Publishing.PublishMode.All);

/// <summary>A raw source the project loads: files matching <see cref="Files"/> (under the sources folder) into raw table <see cref="Table"/>.</summary>
/// <param name="Monthly">Files whose names end in <c>_YYYY-MM</c> arrive at the end of that month: a run at an earlier run date leaves them out.</param>
/// <param name="Csv">How CSV files are written (delimiter, header, encoding, line limit); unused for JSON.</param>
public sealed record SourceSettings(string Table, string Format, string Files, Loading.CsvSourceFormat Csv, string RecordsPath, bool Monthly, SettingLocation At);

/// <summary>What a pipeline step does.</summary>
public enum PipelineStepKind
{
    /// <summary>Lint the contracts, check version bumps against the last commit, render the data dictionary.</summary>
    Contracts,

    /// <summary>The model unit tests (sql/unit), in memory.</summary>
    UnitTests,

    /// <summary>Load the project's sources into raw.</summary>
    Load,

    /// <summary>Build seeds and models (optionally a selection).</summary>
    Build,

    /// <summary>Run the data tests and contract checks; error-severity failures fail the step.</summary>
    Test,

    /// <summary>Run a notebook headlessly.</summary>
    Notebook,
}

/// <summary>One step of the project's pipeline, in the order workbench.yaml lists them.</summary>
/// <param name="Name">How the step is called (<c>--step NAME</c>, progress lines, the Cake summary).</param>
/// <param name="Notebook">For notebook steps: the notebook, relative to the project.</param>
/// <param name="Output">For notebook steps: where its executed copy goes (relative to artifacts; default notebooks).</param>
/// <param name="Select">For build and test steps: the models (selector syntax); empty for all.</param>
public sealed record PipelineStep(string Name, PipelineStepKind Kind, string? Notebook, string? Output, IReadOnlyList<string> Select, SettingLocation At);

/// <summary>The folders of a project, relative to its root.</summary>
public sealed record ProjectPathSettings(
    string Sql = "sql",
    string Contracts = "contracts",
    string Seeds = "data/seeds",
    string Sources = "data/raw",
    string Notebooks = "notebooks",
    string Scripts = "scripts",
    string Artifacts = "artifacts");

/// <summary>Everything workbench.yaml says, validated.</summary>
/// <param name="Workbench">The Workbench version the project is written for (major.minor), when pinned.</param>
/// <param name="Vars">Values notebook steps receive for the parameters they declare, unless a run gives others.</param>
public sealed record ProjectSettings(
    string Name,
    string? Workbench,
    ProjectPathSettings Paths,
    WarehouseSettings Warehouse,
    IReadOnlyDictionary<string, WarehouseSettings> Warehouses,
    IReadOnlyList<EnvironmentSettings> Environments,
    string DefaultEnvironment,
    IReadOnlyDictionary<string, string> Vars,
    IReadOnlyList<SourceSettings> Sources,
    IReadOnlyList<PipelineStep> Pipeline)
{
    /// <summary>The variable naming the date a run is for (<c>vars.runDate</c>): monthly files after it wait, freshness is judged at its end.</summary>
    public const string RunDateVariable = "runDate";

    /// <summary>How builds publish and how many publications stay restorable (<c>builds:</c>).</summary>
    public BuildSettings Builds { get; init; } = new();

    /// <summary>What samples, messages and artifacts mask beyond the contracts' own classifications (<c>sensitive:</c>).</summary>
    public Contracts.SensitiveData Sensitive { get; init; } = Contracts.SensitiveData.Default;
}
