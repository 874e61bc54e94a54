using Workbench.Errors;
using Workbench.Graph;
using Workbench.Sql;
using Workbench.Warehouse;

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

    private readonly ModelReferences _references;

    private ModelProject(string root, IReadOnlyDictionary<ModelId, SqlModel> models, Dag<ModelId> graph, ModelReferences references)
    {
        _references = references;
        Root = root;
        Models = models;
        Graph = graph;
    }

    /// <summary>The project root that model paths are relative to.</summary>
    public string Root { get; }

    public IReadOnlyDictionary<ModelId, SqlModel> Models { get; }

    public Dag<ModelId> Graph { get; }

    /// <summary>
    /// Reads every model under <paramref name="sqlFolder"/>. <paramref name="sourceSchemas"/> are schemas of loaded (not
    /// modelled) tables, e.g. raw. Where dialects differ, <c>name.ENGINE.sql</c> replaces <c>name.sql</c> on that engine
    /// (<paramref name="dialect"/>); the portable file is used everywhere else.
    /// </summary>
    /// <param name="knownSources">When given, the source tables that exist (e.g. those the raw contracts describe, and the seeds): a
    /// reference to any other table in a source schema is an error naming the file and line, with the closest known name,
    /// and a bare name (<c>FROM orders</c>, what dbt's <c>ref('orders')</c> becomes) may resolve to one of them.</param>
    public static ModelProject Load(string projectRoot, string sqlFolder, IReadOnlyCollection<string> sourceSchemas, SqlDialect? dialect = null, IReadOnlyCollection<string>? knownSources = null)
    {
        var root = Path.GetFullPath(projectRoot);
        var folder = Path.GetFullPath(sqlFolder, root);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The model folder '{folder}' does not exist.");
        }

        var engineNames = SqlDialect.All.Select(d => d.Name).ToList();
        var wanted = dialect?.Name;
        var all = Directory.GetDirectories(folder)
            .Where(d => !ReservedFolders.Contains(Path.GetFileName(d)))
            .SelectMany(d => Directory.GetFiles(d, "*.sql"))
            .Order(StringComparer.Ordinal)
            .ToList();
        string? EngineOf(string file) =>
            Path.GetExtension(Path.GetFileNameWithoutExtension(file)).TrimStart('.').ToLowerInvariant() is { Length: > 0 } suffix && engineNames.Contains(suffix) ? suffix : null;
        var specific = all.Where(f => wanted is not null && EngineOf(f) == wanted).ToList();
        var files = all
            .Where(f => EngineOf(f) is null && !specific.Any(s => string.Equals(Path.ChangeExtension(Path.GetFileNameWithoutExtension(s), null) + ".sql", Path.GetFileName(f), StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(s) == Path.GetDirectoryName(f)))
            .Concat(specific)
            .Order(StringComparer.Ordinal)
            .ToList();
        var parsed = files.Select(f => Parse(root, f, engineNames)).ToList();
        var duplicates = parsed.GroupBy(m => m.Id).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            var first = duplicates[0].ToList();
            throw new SqlFileException(first[1].Path, 1, 1, $"model {first[0].Id} is also defined by {first[0].Path}; model names must be unique (case-insensitive).");
        }

        var references = new ModelReferences(parsed.Select(m => m.Id).ToList(), sourceSchemas, knownSources);
        var graph = new Dag<ModelId>(ModelId.Comparer);
        foreach (var model in parsed)
        {
            graph.Add(model.Id);
        }

        var models = new Dictionary<ModelId, SqlModel>();
        foreach (var model in parsed)
        {
            var resolved = references.Resolve(model);
            foreach (var dependency in resolved.DependsOn)
            {
                graph.AddEdge(model.Id, dependency);
            }

            models[model.Id] = resolved;
        }

        graph.TopologicalOrder(); // fail on a cycle at load time, with its path
        return new ModelProject(root, models, graph, references);
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

    /// <summary>
    /// Another query of the project (a data test's) resolved as the models are: bare names qualified, an unknown one an
    /// error with <paramref name="path"/> and the line. Returns the SQL to run and the models it reads.
    /// </summary>
    public (string Sql, IReadOnlyList<ModelId> Reads) Compile(string sql, string path, int firstLine = 1)
    {
        var (compiled, dependsOn, _) = _references.Resolve(sql, path, firstLine, null);
        return (compiled, dependsOn);
    }

    /// <summary>What a model reads, as schema.name: the models it depends on, then the source tables (raw, seeds).</summary>
    public static IReadOnlyList<string> Reads(SqlModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.DependsOn.Select(d => d.ToString()).Concat(model.Sources).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The models that read <paramref name="table"/> (a model's or a source table's schema.name, any case), in name order.</summary>
    public IReadOnlyList<ModelId> ReadBy(string table) =>
        [.. Models.Values.Where(m => Reads(m).Contains(table, StringComparer.OrdinalIgnoreCase)).Select(m => m.Id).OrderBy(id => id.ToString(), StringComparer.Ordinal)];

    /// <summary>Models in build order, optionally only those <paramref name="select"/> accepts.</summary>
    public IReadOnlyList<SqlModel> InBuildOrder(Func<SqlModel, bool>? select = null) =>
        Graph.TopologicalOrder().Select(id => Models[id]).Where(m => select?.Invoke(m) ?? true).ToList();

    private static SqlModel Parse(string root, string file, IReadOnlyList<string> engineNames)
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

        if (SqlQueryGuard.Check(header.Body, "a model") is { } problem)
        {
            throw new SqlFileException(relative, header.BodyStartLine + problem.Line - 1, problem.Column, problem.Message);
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        if (engineNames.Contains(Path.GetExtension(stem).TrimStart('.').ToLowerInvariant()))
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
