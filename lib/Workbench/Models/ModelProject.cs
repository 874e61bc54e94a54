using Workbench.Errors;
using Workbench.Graph;

namespace Workbench.Models;

/// <summary>
/// The models under a sql/ folder: one .sql file per model, its folder naming its schema. Dependencies come from the
/// SQL itself; a reference into a model schema that names no model is an error with file and line.
/// </summary>
public sealed class ModelProject
{
    /// <summary>Folders under sql/ that hold something other than models.</summary>
    public static readonly IReadOnlySet<string> ReservedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "tests", "unit" };

    private static readonly string[] AllowedKeys = ["materialized", "description", "unique_key", "watermark", "tags", "owner", "contract"];

    private ModelProject(string root, IReadOnlyDictionary<ModelId, SqlModel> models, Dag<ModelId> graph)
    {
        Root = root;
        Models = models;
        Graph = graph;
    }

    /// <summary>The project root that model paths are relative to.</summary>
    public string Root { get; }

    public IReadOnlyDictionary<ModelId, SqlModel> Models { get; }

    public Dag<ModelId> Graph { get; }

    /// <summary>The engines a model file can be specific to: <c>name.duckdb.sql</c> or <c>name.postgres.sql</c>.</summary>
    public static readonly IReadOnlyList<string> EngineSuffixes = ["duckdb", "postgres"];

    /// <summary>
    /// Reads every model under <paramref name="sqlFolder"/>. <paramref name="sourceSchemas"/> are schemas of loaded (not
    /// modelled) tables, e.g. raw. Where dialects differ, <c>name.ENGINE.sql</c> replaces <c>name.sql</c> on that engine
    /// (<paramref name="engine"/>); the portable file is used everywhere else.
    /// </summary>
    /// <param name="knownSources">When given, the source tables that exist (e.g. those the raw contracts describe): a reference to
    /// any other table in a source schema is an error naming the file and line, with the closest known name.</param>
    public static ModelProject Load(string projectRoot, string sqlFolder, IReadOnlyCollection<string> sourceSchemas, Warehouse.WarehouseEngine? engine = null, IReadOnlyCollection<string>? knownSources = null)
    {
        var root = Path.GetFullPath(projectRoot);
        var folder = Path.GetFullPath(sqlFolder, root);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The model folder '{folder}' does not exist.");
        }

        var wanted = engine switch { Warehouse.WarehouseEngine.DuckDb => "duckdb", Warehouse.WarehouseEngine.Postgres => "postgres", _ => null };
        var all = Directory.GetDirectories(folder)
            .Where(d => !ReservedFolders.Contains(Path.GetFileName(d)))
            .SelectMany(d => Directory.GetFiles(d, "*.sql"))
            .Order(StringComparer.Ordinal)
            .ToList();
        string? EngineOf(string file) =>
            Path.GetExtension(Path.GetFileNameWithoutExtension(file)).TrimStart('.').ToLowerInvariant() is { Length: > 0 } suffix && EngineSuffixes.Contains(suffix) ? suffix : null;
        var specific = all.Where(f => wanted is not null && EngineOf(f) == wanted).ToList();
        var files = all
            .Where(f => EngineOf(f) is null && !specific.Any(s => string.Equals(Path.ChangeExtension(Path.GetFileNameWithoutExtension(s), null) + ".sql", Path.GetFileName(f), StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(s) == Path.GetDirectoryName(f)))
            .Concat(specific)
            .Order(StringComparer.Ordinal)
            .ToList();
        var parsed = files.Select(f => Parse(root, f)).ToList();
        var duplicates = parsed.GroupBy(m => m.Id).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            var first = duplicates[0].ToList();
            throw new SqlFileException(first[1].Path, 1, 1, $"model {first[0].Id} is also defined by {first[0].Path}; model names must be unique (case-insensitive).");
        }

        var ids = parsed.ToDictionary(m => m.Id);
        var schemas = ids.Keys.Select(k => k.Schema).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var graph = new Dag<ModelId>(ModelId.Comparer);
        var models = new Dictionary<ModelId, SqlModel>();
        foreach (var model in parsed)
        {
            graph.Add(model.Id);
        }

        foreach (var model in parsed)
        {
            var dependsOn = new SortedSet<ModelId>(ModelId.Comparer);
            var sources = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (schema, name, line) in SqlReferenceScanner.Scan(model.Sql))
            {
                var id = ids.Keys.FirstOrDefault(k => k.Equals(new ModelId(schema.ToLowerInvariant(), name.ToLowerInvariant())) ||
                    (string.Equals(k.Schema, schema, StringComparison.OrdinalIgnoreCase) && string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)));
                if (id != default)
                {
                    if (id != model.Id)
                    {
                        dependsOn.Add(id);
                    }
                }
                else if (sourceSchemas.Contains(schema, StringComparer.OrdinalIgnoreCase))
                {
                    var source = $"{schema}.{name}".ToLowerInvariant();
                    if (knownSources is not null && !knownSources.Contains(source, StringComparer.OrdinalIgnoreCase)
                        && knownSources.Any(k => k.StartsWith(schema + ".", StringComparison.OrdinalIgnoreCase)))
                    {
                        var closest = Text.Suggestions.Closest(source, knownSources);
                        throw new SqlFileException(model.Path, model.BodyStartLine + line - 1, 1,
                            $"'{schema}.{name}' is not a known source table (none of the contracts describes it).{(closest is null ? string.Empty : $" Did you mean '{closest}'?")} " +
                            $"Fix the name, or add a contract for the table under contracts/{schema}/.");
                    }

                    sources.Add(source);
                }
                else if (schemas.Contains(schema))
                {
                    var known = string.Join(", ", ids.Keys.Where(k => string.Equals(k.Schema, schema, StringComparison.OrdinalIgnoreCase)).Order(ModelId.Comparer));
                    throw new SqlFileException(model.Path, model.BodyStartLine + line - 1, 1,
                        $"'{schema}.{name}' is not a model. Models in {schema}: {known}. Fix the name or add sql/{schema}/{name}.sql.");
                }
            }

            foreach (var dependency in dependsOn)
            {
                graph.AddEdge(model.Id, dependency);
            }

            models[model.Id] = model with { DependsOn = [.. dependsOn], Sources = [.. sources] };
        }

        graph.TopologicalOrder(); // fail on a cycle at load time, with its path
        return new ModelProject(root, models, graph);
    }

    /// <summary>The source tables (<c>schema.name</c>) the contracts describe in <paramref name="sourceSchemas"/>, for <see cref="Load"/>.</summary>
    public static IReadOnlyCollection<string> KnownSources(IEnumerable<Contracts.DataContract> contracts, IReadOnlyCollection<string> sourceSchemas)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        return contracts.SelectMany(c => c.Schema)
            .Select(t => Contracts.ContractDdl.TableNameOf(t))
            .Where(t => sourceSchemas.Contains(t.Schema, StringComparer.OrdinalIgnoreCase))
            .Select(t => t.ToString().ToLowerInvariant())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Models in build order, optionally only those <paramref name="select"/> accepts.</summary>
    public IReadOnlyList<SqlModel> InBuildOrder(Func<SqlModel, bool>? select = null) =>
        Graph.TopologicalOrder().Select(id => Models[id]).Where(m => select?.Invoke(m) ?? true).ToList();

    private static SqlModel Parse(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        var text = File.ReadAllText(file);
        var header = SqlFileHeader.Parse(relative, text, AllowedKeys);
        var materialized = header.Get("materialized") ?? "table";
        if (!Enum.TryParse<Materialization>(materialized, ignoreCase: true, out var materialization))
        {
            throw new SqlFileException(relative, header.LineOf("materialized"), 1,
                $"materialized is '{materialized}'; use one of: {string.Join(", ", Enum.GetNames<Materialization>().Select(n => n.ToLowerInvariant()))}.");
        }

        if (header.Body.Length == 0)
        {
            throw new SqlFileException(relative, header.BodyStartLine, 1, "the model has no SQL; write the SELECT that defines it.");
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        if (EngineSuffixes.Contains(Path.GetExtension(stem).TrimStart('.').ToLowerInvariant()))
        {
            stem = Path.GetFileNameWithoutExtension(stem); // name.postgres.sql builds the same model as name.sql
        }

        var id = new ModelId(Path.GetFileName(Path.GetDirectoryName(file)!).ToLowerInvariant(), stem.ToLowerInvariant());
        static List<string> List(string? value) => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var uniqueKey = List(header.Get("unique_key"));
        var watermark = header.Get("watermark");
        if (materialization == Materialization.Incremental && uniqueKey.Count == 0 && watermark is null)
        {
            throw new SqlFileException(relative, header.LineOf("materialized"), 1,
                "an incremental model needs '-- unique_key: col' (rows are merged on it) or '-- watermark: col' (rows past the largest value in the table are appended), or both.");
        }

        if (materialization == Materialization.Snapshot && uniqueKey.Count == 0)
        {
            throw new SqlFileException(relative, header.LineOf("materialized"), 1, "a snapshot needs '-- unique_key: col' to know which rows are versions of the same thing.");
        }
        return new SqlModel(id, relative, header.Body.TrimEnd().TrimEnd(';'), header.BodyStartLine, materialization, header.Get("description"), [], [])
        {
            Tags = List(header.Get("tags")),
            Owner = header.Get("owner"),
            UniqueKey = uniqueKey,
            Watermark = watermark,
            Contract = header.Get("contract"),
            Checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))))[..16],
        };
    }
}
