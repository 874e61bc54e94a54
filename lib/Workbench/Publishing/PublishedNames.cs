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
            r.Parts.Count == 2 && (project.Models.ContainsKey(new ModelId(r.Schema!.ToLowerInvariant(), r.Name.ToLowerInvariant())) || Moves(new TableName(r.Schema!, r.Name)))
                ? WarehouseConnection.Quote(new TableName(Prefix + r.Schema, r.Name))
                : null);
    }

    /// <summary>Seeds move with the models; the raw zone and the history are shared.</summary>
    private static bool Moves(TableName table) => string.Equals(table.Schema, SeedLoader.Schema, StringComparison.OrdinalIgnoreCase) || (!string.Equals(table.Schema, "raw", StringComparison.OrdinalIgnoreCase) && !string.Equals(table.Schema, History.AuditSchema.Name, StringComparison.OrdinalIgnoreCase));
}
