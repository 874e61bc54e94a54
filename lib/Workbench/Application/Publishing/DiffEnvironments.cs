using System.Text;
using Workbench.Comparing;
using Workbench.Contracts;
using Workbench.Publishing;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Application;

/// <summary>
/// Compares what this session's environment has published with environment <see cref="Against"/>, model by model
/// (<c>workbench diff --env qa --against prod</c>): columns added, removed or retyped, row counts, rows only in one by
/// the model's unique key (or its contract's primary key), per-column match, and a keyed sample of differing rows.
/// Where the environments do not share a warehouse, the other side is copied next to this one for the comparison and
/// dropped after. Reads published tables only; nothing published changes.
/// </summary>
public sealed record DiffEnvironments(string Against, IReadOnlyList<string>? Select = null, IReadOnlyList<string>? Exclude = null)
{
    public async Task<EnvironmentDiff> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (string.Equals(Against, session.Environment, StringComparison.OrdinalIgnoreCase))
        {
            throw new Errors.UsageException($"--against {Against} is the environment being compared; choose another (--env qa --against prod).");
        }

        var contracts = new ContractTables(session.Contracts("nothing was compared"));
        var project = session.Models();
        var selected = session.Select(project, Select, Exclude);
        await using var other = WorkbenchSession.Open(session.Options with { Environment = Against, Command = null, Log = null });
        var warehouse = await session.ConnectAsync(cancellationToken);
        var shared = session.Warehouse.Options.SameDatabaseAs(other.Warehouse.Options);
        var otherWarehouse = shared ? warehouse : await other.ConnectAsync(cancellationToken);
        var scratch = "wb_diff_" + History.RunIds.AsIdentifier(History.RunIds.New());
        var compared = new List<TableComparison>();
        try
        {
            foreach (var model in project.InBuildOrder(m => selected.Contains(m.Id)))
            {
                var left = session.Published.Of(model.Id);
                var right = other.Published.Of(model.Id);
                var contract = contracts.FindOne(model.Id.ToString());
                var key = model.UniqueKey.Count > 0 ? model.UniqueKey : contract?.Table.PrimaryKey.Select(p => p.Name).ToList() ?? [];
                IReadOnlySet<string> masked = contract is null ? new HashSet<string>() : session.Project.Settings.Sensitive.ColumnsOf(contract.Table);
                var there = right;
                if (!shared && await otherWarehouse.TableExistsAsync(right, cancellationToken))
                {
                    there = new TableName(scratch, $"{right.Schema}__{right.Name}");
                    await TableCopy.CopyAsync(otherWarehouse, right, warehouse, there, cancellationToken);
                }

                var comparison = await TableComparer.CompareAsync(warehouse, new TableComparison(model.Id.ToString(), left, right), left, there, key, masked,
                    session.Environment, Against, cancellationToken: cancellationToken);
                compared.Add(comparison);
                session.Log($"DIFF      {model.Id,-40} {(comparison.Missing ?? (comparison.Same ? "same" : "differs"))}");
            }
        }
        finally
        {
            if (!shared)
            {
                await warehouse.ExecuteAsync($"DROP SCHEMA IF EXISTS {Quote(scratch)} CASCADE", CancellationToken.None);
            }
        }

        return new EnvironmentDiff(session.Environment, Against, compared);
    }
}

/// <summary>Every selected model compared between two environments.</summary>
public sealed record EnvironmentDiff(string Environment, string Against, IReadOnlyList<TableComparison> Models)
{
    public bool Same => Models.All(m => m.Same);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var model in Models.Where(m => !m.Same))
        {
            text.Append(model.ToText(Environment, Against));
        }

        var differing = Models.Count(m => !m.Same);
        text.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"{Environment} against {Against}: {Models.Count - differing} of {Models.Count} model(s) the same{(differing > 0 ? $", {differing} differ" : string.Empty)}.");
        return text.ToString();
    }
}
