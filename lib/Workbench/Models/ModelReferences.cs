using Workbench.Errors;
using Workbench.Sql;
using Workbench.Warehouse;

namespace Workbench.Models;

/// <summary>
/// Resolves the relations a model reads to models and source tables, the way dbt's <c>ref</c> does: <c>schema.name</c>
/// names a model or a source table; a bare <c>name</c> is the one model, seed or source table of that name, and is
/// rewritten to its qualified name in the SQL that runs. An unknown or ambiguous name is an error with file, line and
/// the candidates, before anything runs.
/// </summary>
internal sealed class ModelReferences
{
    private readonly IReadOnlyCollection<ModelId> _models;
    private readonly IReadOnlyCollection<string> _sourceSchemas;
    private readonly IReadOnlyCollection<TableName>? _knownSources;
    private readonly HashSet<string> _modelSchemas;

    public ModelReferences(IReadOnlyCollection<ModelId> models, IReadOnlyCollection<string> sourceSchemas, IReadOnlyCollection<string>? knownSources)
    {
        _models = models;
        _sourceSchemas = sourceSchemas;
        _knownSources = knownSources?.Select(TableName.Parse).ToList();
        _modelSchemas = models.Select(m => m.Schema).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The model with its dependencies and sources found, and its SQL with bare names qualified.</summary>
    public SqlModel Resolve(SqlModel model)
    {
        var (sql, dependsOn, sources) = Resolve(model.Sql, model.Path, model.BodyStartLine, model.Id);
        return model with { Sql = sql, DependsOn = dependsOn, Sources = sources };
    }

    /// <summary>
    /// Any query of the project (a model's, a data test's): the models and sources it reads, and its SQL with bare names
    /// qualified. <paramref name="self"/> is the model the SQL defines, if it is one (a reference to itself is no dependency).
    /// </summary>
    public (string Sql, IReadOnlyList<ModelId> DependsOn, IReadOnlyList<string> Sources) Resolve(string query, string path, int firstLine, ModelId? self)
    {
        var model = new SqlModel(self ?? default, path, query, firstLine, Materialization.View, null, [], []);
        var dependsOn = new SortedSet<ModelId>(ModelId.Comparer);
        var sources = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var qualified = new Dictionary<int, string>();
        var (relations, _) = RelationScanner.Scan(model.Sql);
        foreach (var relation in relations)
        {
            var line = model.BodyStartLine + relation.Line - 1;
            switch (relation.Parts.Count)
            {
                case 1:
                    var target = ResolveBare(model, relation, line);
                    qualified[relation.Start] = WarehouseConnection.Quote(target.Table);
                    if (target.Model is { } id && id != model.Id)
                    {
                        dependsOn.Add(id);
                    }
                    else if (target.Model is null)
                    {
                        sources.Add(target.Table.ToString().ToLowerInvariant());
                    }

                    break;
                case 2:
                    switch (ResolveQualified(model, relation.Schema!, relation.Name, line))
                    {
                        case { Model: { } dependency } when dependency != model.Id:
                            dependsOn.Add(dependency);
                            break;
                        case { Model: null, Source: { } source }:
                            sources.Add(source);
                            break;
                    }

                    break;
            }
        }

        var sql = qualified.Count == 0 ? model.Sql : RelationScanner.Rewrite(model.Sql, r => qualified.GetValueOrDefault(r.Start));
        return (sql, [.. dependsOn], [.. sources]);
    }

    private (ModelId? Model, string? Source) ResolveQualified(SqlModel model, string schemaName, string name, int line)
    {
        var id = new ModelId(schemaName.ToLowerInvariant(), name.ToLowerInvariant());
        if (_models.Contains(id))
        {
            return (id, null);
        }

        if (_sourceSchemas.Contains(schemaName, StringComparer.OrdinalIgnoreCase))
        {
            var source = $"{schemaName}.{name}".ToLowerInvariant();
            if (_knownSources is { } known && !known.Any(k => TableName.Comparer.Equals(k, new TableName(schemaName, name)))
                && known.Any(k => string.Equals(k.Schema, schemaName, StringComparison.OrdinalIgnoreCase)))
            {
                var closest = Text.Suggestions.Closest(source, known.Select(k => k.ToString().ToLowerInvariant()));
                throw new SqlFileException(model.Path, line, 1,
                    $"'{schemaName}.{name}' is not a known source table (none of the contracts describes it).{(closest is null ? string.Empty : $" Did you mean '{closest}'?")} " +
                    $"Fix the name, or add a contract for the table under contracts/{schemaName}/.");
            }

            return (null, source);
        }

        if (_modelSchemas.Contains(schemaName))
        {
            var inSchema = string.Join(", ", _models.Where(k => string.Equals(k.Schema, schemaName, StringComparison.OrdinalIgnoreCase)).Order(ModelId.Comparer));
            throw new SqlFileException(model.Path, line, 1,
                $"'{schemaName}.{name}' is not a model. Models in {schemaName}: {inSchema}. Fix the name or add sql/{schemaName}/{name}.sql.");
        }

        return (null, null); // a table outside the project (another schema or catalog): not Workbench's to track
    }

    private (TableName Table, ModelId? Model) ResolveBare(SqlModel model, RelationReference relation, int line)
    {
        var name = relation.Name;
        var candidates = _models.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(m => (Table: new TableName(m.Schema, m.Name), Model: (ModelId?)m))
            .Concat((_knownSources ?? []).Where(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)).Select(k => (Table: k, Model: (ModelId?)null)))
            .ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count > 1)
        {
            throw new SqlFileException(model.Path, line, relation.Column,
                $"'{name}' is ambiguous: it could be {string.Join(" or ", candidates.Select(c => c.Table.ToString()).Order(StringComparer.Ordinal))}. " +
                "Write the one you mean as schema.name.");
        }

        var known = _models.Select(m => m.Name).Concat((_knownSources ?? []).Select(k => k.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var closest = Text.Suggestions.Closest(name, known);
        throw new SqlFileException(model.Path, line, relation.Column,
            $"'{name}' is not a model, seed or source table of this project.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")} " +
            "A bare name must be one of them (like dbt's ref); write a table outside the project as schema.name.");
    }
}
