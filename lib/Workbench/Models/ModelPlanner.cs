using Workbench.Contracts;
using Workbench.Sql;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>How a build is planned: what to rebuild, where models go, which contracts apply, when snapshot versions start.</summary>
public sealed record ModelBuildOptions
{
    /// <summary>Rebuild incremental models from scratch instead of adding to them (snapshots keep their history regardless).</summary>
    public bool FullRefresh { get; init; }

    /// <summary>The time snapshot versions start and end at (UTC); the plan's time when not given.</summary>
    public DateTime? SnapshotTime { get; init; }

    /// <summary>
    /// Where each model is built: its own <c>schema.name</c> when null. References between models are rewritten to
    /// match; sources are not.
    /// </summary>
    public Func<ModelId, TableName>? TableFor { get; init; }

    /// <summary>Contracts that table models must satisfy: a model with one is built into a table created from it.</summary>
    public IReadOnlyList<DataContract>? Contracts { get; init; }

    /// <summary>Where a relation that is not a model (a seed, say) is read from, when not where its name says; null leaves it.</summary>
    public Func<TableName, TableName?>? Sources { get; init; }

    /// <summary>
    /// Write view models as tables (a build's own area: there each is read by its checks and by what builds on it, so it
    /// is computed once rather than once per reader; it is published as a view all the same).
    /// </summary>
    public bool ViewsAsTables { get; init; }
}

/// <summary>
/// Makes a <see cref="ModelPlan"/>: reads the catalog of the models' schemas once, then decides for each selected model,
/// in build order, whether it is created, replaced or updated in place, and writes the statements that will do it.
/// Nothing is changed in the warehouse.
/// </summary>
public static class ModelPlanner
{
    public static async Task<ModelPlan> PlanAsync(
        WarehouseConnection warehouse, ModelProject project, Func<SqlModel, bool>? select, ModelBuildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        var catalog = await warehouse.ReadCatalogAsync(Schemas(project, select, options), cancellationToken);
        return Plan(project, select, options, catalog, warehouse.Dialect);
    }

    /// <summary>The schemas the selected models are built in: what the plan's catalog read covers.</summary>
    public static IReadOnlyList<string> Schemas(ModelProject project, Func<SqlModel, bool>? select, ModelBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        return project.InBuildOrder(select).Select(m => (options.TableFor?.Invoke(m.Id) ?? new TableName(m.Id.Schema, m.Id.Name)).Schema).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The plan against a catalog already read (or an empty one, for a warehouse that does not exist yet).</summary>
    public static ModelPlan Plan(ModelProject project, Func<SqlModel, bool>? select, ModelBuildOptions options, CatalogSnapshot catalog, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        TableName Table(ModelId id) => options.TableFor?.Invoke(id) ?? new TableName(id.Schema, id.Name);
        var selected = project.InBuildOrder(select);
        var schemas = selected.Select(m => Table(m.Id).Schema).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // A time without a kind (the end of a run date) is UTC, never the machine's local time.
        var snapshotAt = options.SnapshotTime is { Kind: DateTimeKind.Unspecified } given ? DateTime.SpecifyKind(given, DateTimeKind.Utc) : (options.SnapshotTime ?? DateTime.UtcNow).ToUniversalTime();
        var planned = selected.Select(model => Plan(Relocated(project, model, options.TableFor, options.Sources), Table(model.Id), catalog, dialect, options, snapshotAt)).ToList();
        return new ModelPlan(planned, schemas.Where(s => !catalog.ExistingSchemas.Contains(s)).ToList());
    }

    private static PlannedModel Plan(SqlModel model, TableName target, CatalogSnapshot catalog, SqlDialect dialect, ModelBuildOptions options, DateTime snapshotAt)
    {
        var existing = catalog.Find(target);
        var kind = model.Materialization == Materialization.View ? CatalogObjectKind.View : CatalogObjectKind.Table;
        var inPlace = model.Materialization is Materialization.Incremental or Materialization.Snapshot;
        if (existing is { Kind: CatalogObjectKind.Table } && inPlace && (model.Materialization == Materialization.Snapshot || !options.FullRefresh))
        {
            var columns = existing.ColumnNames
                .Where(c => model.Materialization != Materialization.Snapshot || !IncrementalBuild.SnapshotColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
                .ToList();
            var statements = model.Materialization == Materialization.Snapshot
                ? IncrementalBuild.Snapshot(model, target, columns, snapshotAt)
                : IncrementalBuild.Incremental(model, target, columns);
            var how = model.Materialization == Materialization.Snapshot
                ? "snapshot: closes changed and vanished rows' versions, adds new ones"
                : model.UniqueKey.Count > 0 ? $"incremental: merges rows on ({string.Join(", ", model.UniqueKey)})" : $"incremental: appends rows past MAX({model.Watermark})";
            return new PlannedModel(model, target, ModelAction.Update, how, kind, existing, null, statements);
        }

        var action = existing is null ? ModelAction.Create : ModelAction.Replace;
        var into = action == ModelAction.Replace ? PlannedModel.Staged(target) : target;
        var contract = model.Materialization is Materialization.Table or Materialization.Incremental ? ModelContract.Find(options.Contracts, model.Id) : null;
        IReadOnlyList<string> build = contract is not null
            ? contract.BuildStatements(model, into, dialect)
            : model.Materialization switch
            {
                Materialization.View when !options.ViewsAsTables => [$"CREATE VIEW {Quote(into)} AS\nSELECT * FROM (\n{model.Sql}\n) AS model"],
                Materialization.Snapshot => [IncrementalBuild.CreateSnapshot(model, into, snapshotAt)],
                _ => [$"CREATE TABLE {Quote(into)} AS\nSELECT * FROM (\n{model.Sql}\n) AS model"],
            };
        var reason = (action, existing) switch
        {
            (ModelAction.Create, _) => $"new: {target} does not exist",
            (_, { Kind: var was }) when was != kind => $"the {was.ToString().ToLowerInvariant()} there becomes a {kind.ToString().ToLowerInvariant()}",
            _ when inPlace && options.FullRefresh => "--full-refresh: rebuilt from scratch",
            _ => $"rebuilt beside the {existing!.Kind.ToString().ToLowerInvariant()} and swapped in",
        };
        if (contract is not null)
        {
            reason += $"; created from its contract {contract.ContractFile}";
        }

        var statementsToRun = action == ModelAction.Replace
            ? build.Prepend($"DROP {CatalogObject.KeywordOf(kind)} IF EXISTS {Quote(into)}").ToList()
            : build;
        return new PlannedModel(model, target, action, reason, kind, existing, contract, statementsToRun);
    }

    /// <summary>The model with its references to other models pointing at where those are built (when <see cref="ModelBuildOptions.TableFor"/> moves them).</summary>
    private static SqlModel Relocated(ModelProject project, SqlModel model, Func<ModelId, TableName>? tableFor, Func<TableName, TableName?>? sources)
    {
        if (tableFor is null && sources is null)
        {
            return model;
        }

        var sql = RelationScanner.Rewrite(model.Sql, relation =>
            relation.Parts.Count != 2 ? null
            : new ModelId(relation.Schema!.ToLowerInvariant(), relation.Name.ToLowerInvariant()) is var id && project.Models.ContainsKey(id) ? (tableFor is null ? null : Quote(tableFor(id)))
            : sources?.Invoke(new TableName(relation.Schema!, relation.Name)) is { } moved ? Quote(moved)
            : null);
        return model with { Sql = sql };
    }
}
