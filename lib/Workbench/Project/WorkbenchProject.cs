using Workbench.Warehouse;

namespace Workbench.Project;

/// <summary>
/// A Workbench project: a folder with a <c>workbench.yaml</c>, found upward from any folder inside it. Every path a
/// command, a notebook or the build uses (models, contracts, sources, artifacts, each environment's warehouse, the
/// state behind <c>state:modified</c>) is resolved here and nowhere else.
/// </summary>
public sealed class WorkbenchProject
{
    public const string FileName = "workbench.yaml";

    private WorkbenchProject(string root, ProjectSettings settings)
    {
        Root = root;
        Settings = settings;
    }

    /// <summary>The folder holding workbench.yaml; every path is relative to it.</summary>
    public string Root { get; }

    public ProjectSettings Settings { get; }

    public string Name => Settings.Name;

    public string File => Path.Combine(Root, FileName);

    public string Sql => Resolve(Settings.Paths.Sql);

    public string SqlTests => Path.Combine(Sql, "tests");

    public string SqlUnitTests => Path.Combine(Sql, "unit");

    public string Contracts => Resolve(Settings.Paths.Contracts);

    public string Seeds => Resolve(Settings.Paths.Seeds);

    /// <summary>The folder the project's sources' file patterns are relative to.</summary>
    public string Sources => Resolve(Settings.Paths.Sources);

    public string Notebooks => Resolve(Settings.Paths.Notebooks);

    public string Scripts => Resolve(Settings.Paths.Scripts);

    public string Artifacts => Resolve(Settings.Paths.Artifacts);

    public string Reports => Path.Combine(Artifacts, "reports");

    public string TestResults => Path.Combine(Artifacts, "test-results");

    public string ExecutedNotebooks => Path.Combine(Artifacts, "notebooks");

    /// <summary>The last build's manifest (every model, its settings, dependencies and checksum), as dbt writes it.</summary>
    public string Manifest => Path.Combine(Artifacts, "manifest.json");

    /// <summary>The last build's results per model.</summary>
    public string RunResults => Path.Combine(Artifacts, "run_results.json");

    /// <summary>Whether this is the Workbench repository itself (its library is built here, not linked in).</summary>
    public bool IsWorkbenchRepository => System.IO.File.Exists(Path.Combine(Root, "lib", "Workbench", "Workbench.csproj"));

    /// <summary>Walks up from <paramref name="start"/> (default: the current folder) to the folder holding workbench.yaml.</summary>
    public static WorkbenchProject Find(string? start = null)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(start ?? Directory.GetCurrentDirectory()));
        if (System.IO.File.Exists(directory.FullName) || (directory.Name == FileName && !directory.Exists))
        {
            directory = directory.Parent!;
        }

        for (var d = directory; d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, FileName)))
            {
                return Load(d.FullName);
            }
        }

        throw new DirectoryNotFoundException(
            $"'{directory.FullName}' is not inside a Workbench project (no {FileName} in it or above it). " +
            "Run the command inside the project, pass --project FOLDER, or create one with `workbench init FOLDER`.");
    }

    /// <summary>Reads the project whose workbench.yaml is in <paramref name="root"/>.</summary>
    public static WorkbenchProject Load(string root)
    {
        var full = Path.GetFullPath(root);
        var settings = ProjectFile.Load(Path.Combine(full, FileName));
        CheckVersion(settings, Path.Combine(full, FileName));
        return new WorkbenchProject(full, settings);
    }

    /// <summary>A path relative to the project root, made absolute.</summary>
    public string Resolve(string relative) => Path.GetFullPath(relative, Root);

    /// <summary>The path of <paramref name="absolute"/> relative to the project, with forward slashes, for messages and artifacts.</summary>
    public string Relative(string absolute) => Path.GetRelativePath(Root, Path.GetFullPath(absolute)).Replace('\\', '/');

    /// <summary>The environment named <paramref name="name"/> (default: the project's default environment); an error lists those there are.</summary>
    public EnvironmentSettings Environment(string? name)
    {
        name ??= Settings.DefaultEnvironment;
        return Settings.Environments.FirstOrDefault(e => e.Name == name)
            ?? throw new ArgumentException(
                $"'{name}' is not an environment of project {Name}; its environments are {string.Join(", ", Settings.Environments.Select(e => e.Name))} ({File}). " +
                "Add it under environments: in workbench.yaml, or pick one of these.");
    }

    /// <summary>
    /// The warehouse an environment uses: <paramref name="choice"/> when given (a name under <c>warehouses:</c>, or
    /// <c>ENGINE:LOCATION</c> inline), else the environment's own, else the project's default. <c>{env}</c> and
    /// <c>${VARIABLE}</c> are filled in here; secrets it reads are listed in the result, never in its description.
    /// </summary>
    /// <param name="variable">Reads an environment variable (default: the process environment).</param>
    public ResolvedWarehouse ResolveWarehouse(string? environment, string? choice = null, Func<string, string?>? variable = null)
    {
        variable ??= System.Environment.GetEnvironmentVariable;
        var env = Environment(environment);
        var secrets = new List<string>();
        WarehouseOptions options;
        string source;
        if (!string.IsNullOrWhiteSpace(choice) && WarehouseOptions.IsInline(choice))
        {
            options = WarehouseOptions.Parse(choice).RelativeTo(Root).ForEnvironment(env.Name, shared: env.SchemaPrefix.Length > 0);
            source = "given on the command line";
        }
        else
        {
            WarehouseSettings settings;
            if (!string.IsNullOrWhiteSpace(choice))
            {
                settings = Settings.Warehouses.GetValueOrDefault(choice)
                    ?? throw new ArgumentException(
                        $"'{choice}' is not a warehouse of project {Name}: name one under warehouses: in {FileName} ({(Settings.Warehouses.Count == 0 ? "there are none" : string.Join(", ", Settings.Warehouses.Keys))}), " +
                        "or give ENGINE:LOCATION, e.g. duckdb:other.duckdb or postgres:Host=...;Database=...");
                source = $"warehouse '{choice}'";
            }
            else if (env.WarehouseName is { } name)
            {
                settings = Settings.Warehouses[name];
                source = $"warehouse '{name}' of environment {env.Name}";
            }
            else
            {
                settings = env.Warehouse ?? Settings.Warehouse;
                source = env.Warehouse is null ? "the project's warehouse" : $"environment {env.Name}'s warehouse";
            }

            var location = ConnectionVariables.Expand(settings.Location, variable, settings.At, secrets);
            options = WarehouseOptions.For(settings.Engine, location).RelativeTo(Root).ForEnvironment(env.Name, shared: env.SchemaPrefix.Length > 0);
            if (settings.Password is { } password)
            {
                try
                {
                    var value = ConnectionVariables.Expand(password, variable, settings.At, secrets, secret: true);
                    if (value.Length > 0)
                    {
                        options = options.WithPassword(value);
                    }
                }
                catch (ProjectFileException missing)
                {
                    // Only connecting needs the password: listing models or planning against state does not.
                    secrets.AddRange(options.Secrets);
                    return new ResolvedWarehouse(env.Name, options, secrets.Distinct(StringComparer.Ordinal).ToList(), source) { MissingSecret = missing };
                }
            }
        }

        secrets.AddRange(options.Secrets);
        return new ResolvedWarehouse(env.Name, options, secrets.Distinct(StringComparer.Ordinal).ToList(), source);
    }

    /// <summary>
    /// Where the state behind <c>state:modified</c> is kept: one file per environment and warehouse, so a build on one
    /// never hides a change from another.
    /// </summary>
    public string StateFile(ResolvedWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var where = warehouse.Options.Describe();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(where)))[..10];
        return Path.Combine(Artifacts, "state", warehouse.Environment, $"{warehouse.Options.Engine.ToString().ToLowerInvariant()}-{hash}.json");
    }

    /// <summary>The version of the Workbench library this code is.</summary>
    public static Version LibraryVersion { get; } = typeof(WorkbenchProject).Assembly.GetName().Version ?? new Version(0, 0);

    private static void CheckVersion(ProjectSettings settings, string file)
    {
        if (settings.Workbench is not { } pinned || !System.Version.TryParse(pinned.Contains('.', StringComparison.Ordinal) ? pinned : pinned + ".0", out var wanted))
        {
            return;
        }

        if (wanted.Major != LibraryVersion.Major || wanted.Minor != LibraryVersion.Minor)
        {
            throw new ProjectFileException([new ProjectProblem(new SettingLocation(file, 1, 1),
                $"this project is written for Workbench {pinned}, and this is Workbench {LibraryVersion.ToString(3)}. " +
                $"Run it with Workbench {pinned}, or move the project to {LibraryVersion.Major}.{LibraryVersion.Minor} (check the release notes) and set workbench: \"{LibraryVersion.Major}.{LibraryVersion.Minor}\".")]);
        }
    }
}

/// <summary>An environment's warehouse, resolved: where it is, the secrets it holds (for masking), and where that was decided.</summary>
/// <param name="Source">Which setting chose it, for messages: "the project's warehouse", "given on the command line".</param>
public sealed record ResolvedWarehouse(string Environment, WarehouseOptions Options, IReadOnlyList<string> Secrets, string Source)
{
    /// <summary>Why the password could not be read (an unset variable), thrown when the warehouse is opened.</summary>
    public ProjectFileException? MissingSecret { get; init; }

    /// <summary>The warehouse as it may be printed: no secret in it.</summary>
    public override string ToString() => Options.ToString();
}
