using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Errors;
using Workbench.Warehouse;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Project;

/// <summary>workbench.yaml is wrong; every problem is listed with its file, line and column.</summary>
public sealed class ProjectFileException(IReadOnlyList<ProjectProblem> problems)
    : WorkbenchException(string.Join(Environment.NewLine, problems.Select(p => p.ToString())) + Environment.NewLine + "Fix workbench.yaml and run again.")
{
    public IReadOnlyList<ProjectProblem> Problems { get; } = problems;

    public override int ExitCode => 2;
}

/// <summary>One thing wrong with workbench.yaml.</summary>
public sealed record ProjectProblem(SettingLocation At, string Message)
{
    public override string ToString() => $"{At}: {Message}";
}

/// <summary>
/// Reads workbench.yaml: every field checked (unknown ones named with the closest known one), every problem reported
/// at once with its line and column, defaults for what is left out. Only <c>name</c> is required.
/// </summary>
public static partial class ProjectFile
{
    private static readonly string[] TopKeys = ["name", "workbench", "paths", "warehouse", "warehouses", "environments", "default_environment", "vars", "sources", "pipeline", "sensitive", "builds"];
    private static readonly string[] PathKeys = ["sql", "contracts", "seeds", "sources", "notebooks", "scripts", "artifacts"];
    private static readonly string[] WarehouseKeys = ["engine", "path", "connection", "password"];
    private static readonly string[] EnvironmentKeys = ["warehouse", "schema_prefix", "scratch"];
    private static readonly string[] SourceKeys = ["table", "files", "format", "delimiter", "header", "encoding", "max_line_bytes", "records_path", "arrival"];
    private static readonly string[] DefaultEnvironments = ["dev", "qa", "prod"];
    private static readonly string[] StepKeys = ["step", "run", "notebook", "output", "select"];

    /// <summary>The warehouse a project uses when workbench.yaml names none: one DuckDB file per environment.</summary>
    public const string DefaultDuckDbPath = "artifacts/warehouse/workbench-{env}.duckdb";

    public static ProjectSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(path, File.ReadAllText(path));
    }

    public static ProjectSettings Parse(string file, string text)
    {
        var reader = new Reader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ProjectFileException([new ProjectProblem(new SettingLocation(file, e.Start.Line, e.Start.Column), $"not valid YAML: {(e.InnerException?.Message ?? e.Message).TrimEnd('.')}.")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ProjectFileException([new ProjectProblem(new SettingLocation(file, 1, 1), "workbench.yaml holds a block of settings; at least 'name: my-project'.")]);
        }

        var top = reader.Entries(root, TopKeys, "workbench.yaml");
        var name = reader.Text(top, "name", root, required: true) ?? "project";
        if (!ProjectName().IsMatch(name))
        {
            reader.Error(top["name"].Value, $"name '{name}' should be letters, digits, '-' or '_' (it names the project in artifacts and run history).");
        }

        var version = reader.Text(top, "workbench", root);
        if (version is not null && !System.Version.TryParse(version.Contains('.', StringComparison.Ordinal) ? version : version + ".0", out _))
        {
            reader.Error(top["workbench"].Value, $"workbench '{version}' is not a version; pin the major and minor version this project is written for, e.g. workbench: \"0.10\".");
        }

        var paths = Paths(reader, top);
        var warehouse = top.TryGetValue("warehouse", out var w) ? reader.Warehouse(w.Value, "warehouse") : null;
        warehouse ??= new WarehouseSettings("duckdb", DefaultDuckDbPath, null, reader.At(root));
        var warehouses = new Dictionary<string, WarehouseSettings>(StringComparer.Ordinal);
        if (top.TryGetValue("warehouses", out var named) && reader.Map(named.Value, "warehouses") is { } namedMap)
        {
            foreach (var (key, value) in namedMap.Children)
            {
                if (reader.Warehouse(value, $"warehouses.{Scalar(key)}") is { } settings)
                {
                    warehouses[Scalar(key)] = settings;
                }
            }
        }

        var environments = Environments(reader, top, warehouses);
        var defaultEnvironment = reader.Text(top, "default_environment", root) ?? (environments.Any(e => e.Name == "dev") ? "dev" : environments[0].Name);
        if (!environments.Any(e => e.Name == defaultEnvironment))
        {
            reader.Error(top["default_environment"].Value, $"default_environment '{defaultEnvironment}' is not one of the environments ({string.Join(", ", environments.Select(e => e.Name))}).");
        }

        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        if (top.TryGetValue("vars", out var v) && reader.Map(v.Value, "vars") is { } varMap)
        {
            foreach (var (key, value) in varMap.Children)
            {
                if (value is YamlScalarNode scalar)
                {
                    vars[Scalar(key)] = scalar.Value ?? string.Empty;
                }
                else
                {
                    reader.Error(value, $"vars.{Scalar(key)} must be a single value (it becomes a notebook parameter).");
                }
            }
        }

        var sources = Sources(reader, top);
        var pipeline = Pipeline(reader, top);
        if (reader.Problems.Count > 0)
        {
            throw new ProjectFileException(reader.Problems);
        }

        var sensitive = Sensitive(reader, top);
        var builds = Builds(reader, top);
        if (reader.Problems.Count > 0)
        {
            throw new ProjectFileException(reader.Problems);
        }

        return new ProjectSettings(name, version, paths, warehouse, warehouses, environments, defaultEnvironment, vars, sources, pipeline) { Sensitive = sensitive, Builds = builds };
    }

    /// <summary><c>builds:</c> <c>publish: all | passing | none</c> and <c>keep: N</c> (publications per environment that rollback can restore).</summary>
    private static BuildSettings Builds(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        if (!top.TryGetValue("builds", out var node) || reader.Map(node.Value, "builds") is not { } map)
        {
            return new BuildSettings();
        }

        var entries = reader.Entries(map, ["publish", "keep"], "builds");
        var settings = new BuildSettings();
        if (reader.Text(entries, "publish", map) is { } publish)
        {
            if (Enum.TryParse<Publishing.PublishMode>(publish, ignoreCase: true, out var mode) && publish.All(char.IsLetter))
            {
                settings = settings with { Publish = mode };
            }
            else
            {
                reader.Error(entries["publish"].Value, $"builds.publish '{publish}' is not one of: all (nothing is published when a check fails), passing (what passed is), none.");
            }
        }

        if (reader.Text(entries, "keep", map) is { } keep)
        {
            if (int.TryParse(keep, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= 1)
            {
                settings = settings with { Keep = count };
            }
            else
            {
                reader.Error(entries["keep"].Value, $"builds.keep '{keep}' is a whole number of publications, at least 1.");
            }
        }

        return settings;
    }

    /// <summary>
    /// <c>sensitive:</c> what samples and messages mask beyond the contracts' own classifications: more classification
    /// values (<c>classifications: [internal]</c>) and columns (<c>columns: [raw.customers.email, phone]</c>).
    /// </summary>
    private static Contracts.SensitiveData Sensitive(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        if (!top.TryGetValue("sensitive", out var node) || reader.Map(node.Value, "sensitive") is not { } map)
        {
            return Contracts.SensitiveData.Default;
        }

        var entries = reader.Entries(map, ["classifications", "columns"], "sensitive");
        List<string> Texts(string key)
        {
            if (!entries.TryGetValue(key, out var entry) || reader.Sequence(entry.Value, $"sensitive.{key}") is not { } list)
            {
                return [];
            }

            foreach (var item in list.Children.Where(c => c is not YamlScalarNode))
            {
                reader.Error(item, $"each of sensitive.{key} is one name.");
            }

            return list.Children.OfType<YamlScalarNode>().Select(c => c.Value ?? string.Empty).Where(v => v.Length > 0).ToList();
        }

        return new Contracts.SensitiveData(Texts("classifications"), Texts("columns"));
    }

    private static ProjectPathSettings Paths(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        var paths = new ProjectPathSettings();
        if (!top.TryGetValue("paths", out var node) || reader.Map(node.Value, "paths") is not { } map)
        {
            return paths;
        }

        var entries = reader.Entries(map, PathKeys, "paths");
        string Get(string key, string fallback)
        {
            var value = reader.Text(entries, key, map) ?? fallback;
            if (Path.IsPathRooted(value) || value.Split('/', '\\').Contains(".."))
            {
                reader.Error(entries[key].Value, $"paths.{key} '{value}' must be a folder inside the project (relative, without '..'), so the project can be copied and cloned anywhere.");
            }

            return value;
        }

        return new ProjectPathSettings(Get("sql", paths.Sql), Get("contracts", paths.Contracts), Get("seeds", paths.Seeds), Get("sources", paths.Sources),
            Get("notebooks", paths.Notebooks), Get("scripts", paths.Scripts), Get("artifacts", paths.Artifacts));
    }

    private static List<EnvironmentSettings> Environments(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top, Dictionary<string, WarehouseSettings> warehouses)
    {
        var environments = new List<EnvironmentSettings>();
        if (!top.TryGetValue("environments", out var node))
        {
            return [.. DefaultEnvironments.Select(e => new EnvironmentSettings(e, null, null, default))];
        }

        if (reader.Map(node.Value, "environments") is not { } map)
        {
            return [new EnvironmentSettings("dev", null, null, default)];
        }

        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(key);
            if (!EnvironmentName().IsMatch(name))
            {
                reader.Error(key, $"environment '{name}' should be a lower-case name such as dev, qa or prod.");
            }

            if (value is YamlScalarNode { Value: null or "" or "~" or "null" } || (value is YamlMappingNode { Children.Count: 0 }))
            {
                environments.Add(new EnvironmentSettings(name, null, null, reader.At(key)));
                continue;
            }

            if (reader.Map(value, $"environments.{name}") is not { } settings)
            {
                continue;
            }

            var entries = reader.Entries(settings, EnvironmentKeys, $"environments.{name}");
            var prefix = reader.Text(entries, "schema_prefix", settings) ?? string.Empty;
            if (prefix.Length > 0 && !SchemaPrefix().IsMatch(prefix))
            {
                reader.Error(entries["schema_prefix"].Value, $"environments.{name}.schema_prefix '{prefix}' should be lower-case letters, digits and '_' ending in '_', e.g. {name}_ (it starts schema names).");
            }

            var scratchText = reader.Text(entries, "scratch", settings);
            var scratch = scratchText == "true";
            if (scratchText is not (null or "true" or "false"))
            {
                reader.Error(entries["scratch"].Value, $"environments.{name}.scratch '{scratchText}' should be true (Workbench may empty this environment's warehouse) or false.");
            }

            if (!entries.TryGetValue("warehouse", out var warehouse))
            {
                environments.Add(new EnvironmentSettings(name, null, null, reader.At(key)) { SchemaPrefix = prefix, Scratch = scratch });
            }
            else if (warehouse.Value is YamlScalarNode { Value: { } reference })
            {
                if (!warehouses.ContainsKey(reference))
                {
                    reader.Error(warehouse.Value, $"environments.{name}.warehouse '{reference}' is not one of the warehouses ({(warehouses.Count == 0 ? "none are defined under 'warehouses:'" : string.Join(", ", warehouses.Keys))}).");
                }

                environments.Add(new EnvironmentSettings(name, reference, null, reader.At(key)) { SchemaPrefix = prefix, Scratch = scratch });
            }
            else
            {
                environments.Add(new EnvironmentSettings(name, null, reader.Warehouse(warehouse.Value, $"environments.{name}.warehouse"), reader.At(key)) { SchemaPrefix = prefix, Scratch = scratch });
            }
        }

        if (environments.Count == 0)
        {
            reader.Error(node.Value, "environments lists none; give at least one, e.g. environments: { dev: {} }.");
            environments.Add(new EnvironmentSettings("dev", null, null, default));
        }

        return environments;
    }

    private static List<SourceSettings> Sources(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        var sources = new List<SourceSettings>();
        if (!top.TryGetValue("sources", out var node) || reader.Sequence(node.Value, "sources") is not { } list)
        {
            return sources;
        }

        foreach (var item in list.Children)
        {
            if (reader.Map(item, "a source") is not { } map)
            {
                continue;
            }

            var entries = reader.Entries(map, SourceKeys, "a source");
            var table = reader.Text(entries, "table", map, required: true) ?? string.Empty;
            var files = reader.Text(entries, "files", map, required: true) ?? string.Empty;
            var format = reader.Text(entries, "format", map) ?? (files.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || files.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || files.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? "json" : "csv");
            if (format is not ("csv" or "json"))
            {
                reader.Error(entries["format"].Value, $"format '{format}' is not one Workbench loads from files; use csv or json.");
            }

            var delimiter = reader.Text(entries, "delimiter", map) ?? ",";
            if (delimiter is not "\\t" && delimiter.Length != 1)
            {
                reader.Error(entries["delimiter"].Value, $"delimiter '{delimiter}' must be one character (\\t for tab).");
            }

            var arrival = reader.Text(entries, "arrival", map);
            if (arrival is not (null or "monthly" or "always"))
            {
                reader.Error(entries["arrival"].Value, $"arrival '{arrival}' is not known; use monthly (files named _YYYY-MM arrive at the end of that month) or always.");
            }

            var header = reader.Text(entries, "header", map) ?? "true";
            var csv = new Loading.CsvSourceFormat(delimiter == "\\t" ? '\t' : delimiter[0], !string.Equals(header, "false", StringComparison.OrdinalIgnoreCase));
            if (reader.Text(entries, "encoding", map) is { } encoding)
            {
                try
                {
                    csv = csv with { Encoding = Loading.SourceEncoding.Parse(encoding) };
                }
                catch (ArgumentException e)
                {
                    reader.Error(entries["encoding"].Value, $"encoding: {e.Message.Split(" (Parameter", 2)[0]}");
                }
            }

            if (reader.Text(entries, "max_line_bytes", map) is { } maxLine)
            {
                if (long.TryParse(maxLine, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0)
                {
                    csv = csv with { MaxLineBytes = bytes };
                }
                else
                {
                    reader.Error(entries["max_line_bytes"].Value, $"max_line_bytes '{maxLine}' must be a whole number of bytes, e.g. 10000000 for 10 MB.");
                }
            }

            sources.Add(new SourceSettings(table, format, files, csv,
                reader.Text(entries, "records_path", map) ?? string.Empty, arrival == "monthly", reader.At(map)));
        }

        foreach (var duplicate in sources.GroupBy(s => (s.Table, s.Files)).Where(g => g.Count() > 1))
        {
            reader.Problems.Add(new ProjectProblem(duplicate.Last().At, $"the source {duplicate.Key.Table} <- {duplicate.Key.Files} is listed twice; keep one."));
        }

        return sources;
    }

    private static List<PipelineStep> Pipeline(Reader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> top)
    {
        var steps = new List<PipelineStep>();
        if (!top.TryGetValue("pipeline", out var node))
        {
            return
            [
                new PipelineStep("contracts", PipelineStepKind.Contracts, null, null, [], default),
                new PipelineStep("unit-tests", PipelineStepKind.UnitTests, null, null, [], default),
                new PipelineStep("load", PipelineStepKind.Load, null, null, [], default),
                new PipelineStep("build", PipelineStepKind.Build, null, null, [], default),
                new PipelineStep("test", PipelineStepKind.Test, null, null, [], default),
            ];
        }

        if (reader.Sequence(node.Value, "pipeline") is not { } list)
        {
            return steps;
        }

        foreach (var item in list.Children)
        {
            if (reader.Map(item, "a pipeline step") is not { } map)
            {
                continue;
            }

            var entries = reader.Entries(map, StepKeys, "a pipeline step");
            var name = reader.Text(entries, "step", map, required: true) ?? string.Empty;
            var notebook = reader.Text(entries, "notebook", map);
            var run = reader.Text(entries, "run", map);
            PipelineStepKind kind;
            if (notebook is not null)
            {
                kind = PipelineStepKind.Notebook;
                if (run is not null)
                {
                    reader.Error(entries["run"].Value, $"step '{name}' has both run and notebook; give one.");
                }
            }
            else
            {
                var what = run ?? name;
                var known = new Dictionary<string, PipelineStepKind>(StringComparer.Ordinal)
                {
                    ["contracts"] = PipelineStepKind.Contracts,
                    ["unit-tests"] = PipelineStepKind.UnitTests,
                    ["load"] = PipelineStepKind.Load,
                    ["build"] = PipelineStepKind.Build,
                    ["test"] = PipelineStepKind.Test,
                };
                if (!known.TryGetValue(what, out kind))
                {
                    reader.Error(entries.TryGetValue("run", out var r) ? r.Value : map,
                        $"step '{name}' does not say what it runs: give notebook: PATH, or run: one of {string.Join(", ", known.Keys)}.");
                }
            }

            var select = entries.TryGetValue("select", out var s) && s.Value is YamlSequenceNode selectors
                ? selectors.Children.Select(Scalar).ToList()
                : reader.Text(entries, "select", map) is { } one ? one.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
            if (steps.Any(x => x.Name == name))
            {
                reader.Error(entries["step"].Value, $"step '{name}' is listed twice; step names must be unique (they are what --step selects).");
            }

            steps.Add(new PipelineStep(name, kind, notebook, reader.Text(entries, "output", map), select, reader.At(map)));
        }

        return steps;
    }

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value ?? string.Empty;

    [GeneratedRegex(@"^[a-z][a-z0-9_]*_$")]
    private static partial Regex SchemaPrefix();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    /// <summary>Typed reads out of YAML nodes, recording a located problem for each thing wrong.</summary>
    private sealed class Reader(string file)
    {
        public List<ProjectProblem> Problems { get; } = [];

        public SettingLocation At(YamlNode node) => new(file, node.Start.Line, node.Start.Column);

        public void Error(YamlNode node, string message) => Problems.Add(new ProjectProblem(At(node), message));

        public YamlMappingNode? Map(YamlNode node, string what)
        {
            if (node is YamlMappingNode map)
            {
                return map;
            }

            Error(node, $"{what} must be a block of settings (key: value lines).");
            return null;
        }

        public YamlSequenceNode? Sequence(YamlNode node, string what)
        {
            if (node is YamlSequenceNode list)
            {
                return list;
            }

            Error(node, $"{what} must be a list (lines starting with '- ').");
            return null;
        }

        public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(YamlMappingNode map, IReadOnlyCollection<string> known, string where)
        {
            var entries = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                var name = Scalar(key);
                if (!known.Contains(name))
                {
                    var closest = Workbench.Text.Suggestions.Closest(name, known);
                    Error(key, $"'{name}' is not a setting of {where}.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")} Settings here: {string.Join(", ", known)}.");
                }
                else if (entries.ContainsKey(name))
                {
                    Error(key, $"'{name}' is given twice in this block; keep one.");
                }

                entries[name] = (key, value);
            }

            return entries;
        }

        public string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, string key, YamlNode owner, bool required = false)
        {
            if (!entries.TryGetValue(key, out var entry) || entry.Value is YamlScalarNode { Value: null or "~" or "null", Style: ScalarStyle.Plain })
            {
                if (required)
                {
                    Error(owner, $"'{key}' is required here and missing.");
                }

                return null;
            }

            if (entry.Value is not YamlScalarNode scalar)
            {
                Error(entry.Value, $"'{key}' must be a single value, not a block or list.");
                return null;
            }

            return scalar.Value;
        }

        public WarehouseSettings? Warehouse(YamlNode node, string where)
        {
            if (Map(node, where) is not { } map)
            {
                return null;
            }

            var entries = Entries(map, WarehouseKeys, where);
            var engine = Text(entries, "engine", map, required: true) ?? "duckdb";
            if (!SqlDialect.All.Any(d => d.Name == engine))
            {
                Error(entries["engine"].Value, $"engine '{engine}' is not one Workbench runs on; use one of: {string.Join(", ", SqlDialect.All.Select(d => d.Name))}.");
                return null;
            }

            var dialect = SqlDialect.Named(engine);
            var location = Text(entries, dialect.LocationSetting, map);
            var password = Text(entries, "password", map);
            foreach (var other in SqlDialect.All.Where(d => d != dialect).Select(d => d.LocationSetting).Where(entries.ContainsKey))
            {
                Error(entries[other].Key, $"'{other}' is not a setting of a {engine} warehouse; it takes {dialect.LocationSetting}: {dialect.LocationHint}.");
            }

            if (location is null)
            {
                Error(map, $"a {engine} warehouse needs {dialect.LocationSetting}: {dialect.LocationHint}.");
                return null;
            }

            if (ConnectionSecrets.Find(location).Any(s => !ConnectionVariables.IsReference(s)))
            {
                Error(entries[dialect.LocationSetting].Value,
                    $"the {dialect.LocationSetting} holds a password: workbench.yaml is shared, so keep secrets out of it. Write password: ${{WORKBENCH_PG_PASSWORD}} (read from the environment), or leave it out and let PGPASSWORD or ~/.pgpass supply it.");
            }

            if (password is not null && !ConnectionVariables.IsReference(password))
            {
                Error(entries["password"].Value,
                    "password is written in the file: workbench.yaml is shared, so keep secrets out of it. Write password: ${WORKBENCH_PG_PASSWORD} (read from the environment), or leave it out and let PGPASSWORD or ~/.pgpass supply it.");
            }

            return new WarehouseSettings(engine, location, password, At(map));
        }
    }
}
