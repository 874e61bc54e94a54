namespace Workbench.Contracts;

/// <summary>
/// Every table a set of contracts describes, found the ways contracts refer to each other: by a schema object's
/// <c>name</c>, by its <c>physicalName</c> (<c>marts.customers</c>), or by the table part of a qualified physicalName
/// (<c>customers</c>) when only one table has it. A table two contracts describe is reported, not silently merged.
/// </summary>
public sealed class ContractTables
{
    private readonly List<ContractTable> _all;

    public ContractTables(IEnumerable<DataContract> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        _all = contracts.SelectMany(c => c.Schema.Select(t => new ContractTable(c, t))).ToList();
    }

    public IReadOnlyList<ContractTable> All => _all;

    /// <summary>
    /// The tables <paramref name="reference"/> (the table part of a <c>table.column</c>) may mean: those whose name or
    /// physicalName it is, else those whose qualified physicalName ends with it. More than one means it is ambiguous.
    /// </summary>
    public IReadOnlyList<ContractTable> Find(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var exact = _all.Where(t => Same(t.Table.Name, reference) || Same(t.Table.PhysicalName, reference)).ToList();
        if (exact.Count > 0)
        {
            return Distinct(exact);
        }

        return Distinct(_all.Where(t => t.Table.PhysicalName is { } physical && physical.Contains('.', StringComparison.Ordinal)
            && Same(physical[(physical.LastIndexOf('.') + 1)..], reference)).ToList());
    }

    /// <summary>The one table <paramref name="reference"/> names, or null when none or several do.</summary>
    public ContractTable? FindOne(string reference) => Find(reference) is [var only] ? only : null;

    /// <summary>A problem for every table described by more than one schema object (the same physical name, compared case-insensitively).</summary>
    public IEnumerable<ContractProblem> Duplicates()
    {
        foreach (var group in _all.GroupBy(t => t.Table.TableName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                yield return new ContractProblem(other.Table.Location, ProblemSeverity.Error,
                    $"table {group.Key} is already described by '{first.Table.Name}' at {first.Table.Location}; one table has one contract. " +
                    "Merge the two, or point one at a different physicalName.");
            }
        }
    }

    /// <summary>Tables found through several entries of the same schema object (name and physicalName both match) count once.</summary>
    private static List<ContractTable> Distinct(List<ContractTable> found) => found.Distinct().ToList();

    private static bool Same(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
