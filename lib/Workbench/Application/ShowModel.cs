using System.Globalization;
using System.Text;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Models;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// One model as a reader wants to see it: its file and SQL, how it is materialized, the contract it must satisfy, what
/// it reads and what reads it. The terminal (<c>workbench models show NAME</c>) and notebooks (<c>wb.ShowModel</c>) show
/// the same thing.
/// </summary>
/// <param name="Source">The model's file as written (settings header and SQL).</param>
public sealed record ModelShown(SqlModel Model, string Source, string? ContractFile, IReadOnlyList<string> Upstream, IReadOnlyList<ModelId> Downstream)
{
    /// <summary>The model named <paramref name="name"/> (<c>stg_orders</c> or <c>staging.stg_orders</c>); an unknown name is a usage error suggesting the nearest.</summary>
    public static ModelShown Find(WorkbenchSession session, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var project = session.Models();
        var wanted = name.Trim();
        var matches = project.Models.Values
            .Where(m => string.Equals(m.Id.ToString(), wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Id.Name, wanted, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (matches.Count != 1)
        {
            var near = Text.Suggestions.Closest(wanted, project.Models.Values.Select(m => m.Id.Name));
            throw new ModelSelectionException(matches.Count == 0
                ? $"There is no model '{name}'{(near is null ? string.Empty : $"; did you mean '{near}'?")} `workbench models ls` lists them."
                : $"'{name}' names {matches.Count} models ({string.Join(", ", matches.Select(m => m.Id))}); write it as SCHEMA.NAME.");
        }

        var model = matches[0];
        var contracts = session.Contracts("the model was not shown");
        var source = File.ReadAllText(Path.Combine(session.Project.Root, model.Path)).ReplaceLineEndings("\n");
        return new ModelShown(model, source, ContractFileOf(contracts, model, session), ModelProject.Reads(model), [.. project.ReadBy(model.Id.ToString())]);
    }

    /// <summary>The project-relative file of the contract describing the model's table, or null.</summary>
    internal static string? ContractFileOf(IReadOnlyList<DataContract> contracts, SqlModel model, WorkbenchSession session) =>
        contracts.FirstOrDefault(c => c.Schema.Any(t => TableName.Comparer.Equals(ContractDdl.TableNameOf(t), new TableName(model.Id.Schema, model.Id.Name)))) is { } contract
            ? session.Project.Relative(contract.File)
            : null;

    /// <summary>As the terminal shows it: a header of facts, then the file as written.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Model.Id}  ({Model.Materialization.ToString().ToLowerInvariant()}, {Model.Path})");
        if (Model.Description is { Length: > 0 } description)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {description}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  reads:     {(Upstream.Count == 0 ? "(nothing)" : string.Join(", ", Upstream))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  read by:   {(Downstream.Count == 0 ? "(nothing)" : string.Join(", ", Downstream))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  contract:  {ContractFile ?? "(none)"}");
        text.AppendLine();
        text.AppendLine(Source.TrimEnd());
        return text.ToString();
    }
}
