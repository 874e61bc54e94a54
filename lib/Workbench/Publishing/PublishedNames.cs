using Workbench.Models;
using Workbench.Sql;
using Workbench.Warehouse;

namespace Workbench.Publishing;

/// <summary>
/// Where an environment publishes a model or seed: its own <c>schema.name</c>, or with the environment's
/// <c>schema_prefix</c> (<c>qa_marts.fct_orders</c>) when environments share one warehouse. Sources (raw) are not moved.
/// </summary>
public sealed record PublishedNames(string Prefix)
{
    public static PublishedNames None { get; } = new(string.Empty);

    public TableName Of(ModelId model) => new(Prefix + model.Schema, model.Name);

    /// <summary>A model's or seed's published name; any other name as it is.</summary>
    public TableName Of(TableName table) => Prefix.Length == 0 || !Moves(table) ? table : new(Prefix + table.Schema, table.Name);

    /// <summary>SQL with its references to the project's models and seeds pointing at this environment's published names.</summary>
    public string Relocate(string sql, ModelProject project)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(project);
        if (Prefix.Length == 0)
        {
            return sql;
        }

        return RelationScanner.Rewrite(sql, r =>
            r.Parts.Count == 2 && (project.Models.ContainsKey(new ModelId(r.Schema!.ToLowerInvariant(), r.Name.ToLowerInvariant())) || string.Equals(r.Schema, SeedLoader.Schema, StringComparison.OrdinalIgnoreCase))
                ? WarehouseConnection.Quote(new TableName(Prefix + r.Schema, r.Name))
                : null);
    }

    /// <summary>SQL relocated for this environment, pointing at the project's own names again (to relocate it for another environment).</summary>
    public string Unrelocate(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Prefix.Length == 0
            ? sql
            : RelationScanner.Rewrite(sql, r =>
                r.Parts.Count == 2 && r.Schema!.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && r.Schema.Length > Prefix.Length
                    ? WarehouseConnection.Quote(new TableName(r.Schema[Prefix.Length..], r.Name))
                    : null);
    }

    /// <summary>A published name of this environment as the project names it (<c>qa_marts.x</c> is <c>marts.x</c>).</summary>
    public TableName Unprefixed(TableName published) =>
        Prefix.Length > 0 && published.Schema.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? new(published.Schema[Prefix.Length..], published.Name) : published;

    /// <summary>Seeds move with the models; the raw zone, the history and the builds' own schemas are shared.</summary>
    private static bool Moves(TableName table) =>
        !string.Equals(table.Schema, "raw", StringComparison.OrdinalIgnoreCase) && !string.Equals(table.Schema, History.AuditSchema.Name, StringComparison.OrdinalIgnoreCase) && !BuildArea.IsBuildSchema(table.Schema);
}
