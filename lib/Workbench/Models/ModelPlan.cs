using System.Globalization;
using System.Text;
using Workbench.Warehouse;

namespace Workbench.Models;

/// <summary>What a build does to one model's object in the warehouse.</summary>
public enum ModelAction
{
    /// <summary>The object does not exist: it is created under its own name.</summary>
    Create,

    /// <summary>The object exists: the new one is built beside it and swapped in, so readers never see it missing.</summary>
    Replace,

    /// <summary>An incremental model or snapshot: its table is updated in place, in one transaction.</summary>
    Update,
}

/// <summary>
/// One model's part of a plan: what is done (and why), where, and the statements that do it. Statements build into
/// <see cref="BuildInto"/>; a <see cref="ModelAction.Replace"/> then swaps it into <see cref="Target"/>.
/// </summary>
/// <param name="Model">The model, its SQL pointing at where its inputs are built.</param>
/// <param name="Target">The table or view readers use.</param>
/// <param name="Kind">What is built: a table or a view.</param>
/// <param name="Existing">The object at <see cref="Target"/> when the plan was made, or null.</param>
/// <param name="Contract">The contract the table is created from, when one describes it.</param>
/// <param name="Statements">The SQL that builds it, in order.</param>
public sealed record PlannedModel(
    SqlModel Model,
    TableName Target,
    ModelAction Action,
    string Reason,
    CatalogObjectKind Kind,
    CatalogObject? Existing,
    ModelContract? Contract,
    IReadOnlyList<string> Statements)
{
    public ModelId Id => Model.Id;

    /// <summary>Where the statements build: the target itself, or beside it when replacing.</summary>
    public TableName BuildInto => Action == ModelAction.Replace ? Staged(Target) : Target;

    /// <summary>Whether the statements run in one transaction (more than one statement, a swap, or an update).</summary>
    public bool Transactional => Action != ModelAction.Create || Statements.Count > 1;

    /// <summary>Where a replacement is built before it is swapped in.</summary>
    public static TableName Staged(TableName target) => new(target.Schema, target.Name + "__wb_new");
}

/// <summary>
/// A build plan: every selected model in build order with what will be done to it and why, made from the project and
/// one look at the warehouse's catalog before anything runs. <see cref="ToText"/> is what <c>--dry-run</c> prints.
/// </summary>
public sealed record ModelPlan(IReadOnlyList<PlannedModel> Models, IReadOnlyList<string> SchemasToCreate)
{
    public PlannedModel this[ModelId id] => Models.First(m => m.Id == id);

    /// <summary>The plan as text: one line per model (action, target, kind, reason), with its statements when <paramref name="sql"/>.</summary>
    public string ToText(bool sql = false)
    {
        var text = new StringBuilder();
        foreach (var schema in SchemasToCreate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{"SCHEMA",-8} {schema,-44} create");
        }

        foreach (var model in Models)
        {
            var kind = model.Model.Materialization.ToString().ToLowerInvariant();
            text.AppendLine(CultureInfo.InvariantCulture, $"{model.Action.ToString().ToUpperInvariant(),-8} {model.Target,-44} {kind,-12} {model.Reason}");
            if (!sql)
            {
                continue;
            }

            foreach (var statement in model.Statements)
            {
                text.AppendLine(Indent(statement.TrimEnd() + ";"));
            }

            if (model.Action == ModelAction.Replace)
            {
                text.AppendLine(Indent($"-- then {model.BuildInto} is swapped into {model.Target}{(model.Existing is null ? string.Empty : $" (the {model.Existing.Kind.ToString().ToLowerInvariant()} there is dropped)")}, in the same transaction"));
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Models.Count} model(s): {Models.Count(m => m.Action == ModelAction.Create)} to create, {Models.Count(m => m.Action == ModelAction.Replace)} to replace, {Models.Count(m => m.Action == ModelAction.Update)} to update in place. Nothing was run.");
        return text.ToString();
    }

    public override string ToString() => ToText();

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));
}
