using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// Compiles freshness SLAs (<c>slaProperties</c> with <c>property: latency</c> or <c>freshness</c>) into checks: the age of
/// the newest value of the element column, measured from an as-of time, must be at most the promised duration. An empty
/// table is never fresh. SLAs Workbench does not check are listed as skipped, with the reason the parser found.
/// </summary>
public static class ContractFreshness
{
    /// <summary>The table and column an SLA element (<c>table.column</c>, by name or physical name) points at, if any.</summary>
    public static (SchemaObject Table, SchemaProperty Column)? ResolveElement(DataContract contract, string element)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(element);
        var tableName = Relationship.TableOf(element);
        var columnName = Relationship.ColumnOf(element);
        foreach (var table in contract.Schema.Where(o => string.Equals(o.Name, tableName, StringComparison.OrdinalIgnoreCase) || string.Equals(o.PhysicalName, tableName, StringComparison.OrdinalIgnoreCase)))
        {
            if (table.Properties.FirstOrDefault(p => string.Equals(p.Name, columnName, StringComparison.OrdinalIgnoreCase) || string.Equals(p.PhysicalName, columnName, StringComparison.OrdinalIgnoreCase)) is { } column)
            {
                return (table, column);
            }
        }

        return null;
    }

    /// <param name="asOf">The moment freshness is judged at (UTC; the pipeline passes the end of its logical run date).</param>
    public static IEnumerable<ContractCheck> Compile(DataContract contract, ContractTarget target, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(target);
        var at = "CAST(" + Literal(asOf.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) + " AS TIMESTAMP)";
        foreach (var sla in contract.SlaProperties)
        {
            var elements = sla.ElementsOr(contract.SlaDefaultElement);
            if (sla.SkipReason is { } reason || SlaDuration.TryParse(sla.Value, sla.Unit, out _) is not { } limit)
            {
                var table = elements.Count > 0 ? Relationship.TableOf(elements[0]) : contract.Schema.Count > 0 ? contract.Schema[0].Name : contract.Id;
                yield return ContractCheck.Skipped($"{(elements.Count > 0 ? elements[0] : contract.Id)} {sla.Property}", table, null, "sla", "error", sla.Location,
                    $"SLA {sla.Property} {sla.Value} {sla.Unit}".TrimEnd(), sla.SkipReason ?? $"{sla.Property} is not a duration Workbench reads");
                continue;
            }

            foreach (var element in elements)
            {
                if (ResolveElement(contract, element) is not var (table, column))
                {
                    yield return ContractCheck.Skipped($"{element} {sla.Property}", Relationship.TableOf(element), null, "sla", "error", sla.Location,
                        $"SLA {sla.Property}", $"element '{element}' is not a table.column of this contract");
                    continue;
                }

                var bound = new ContractTable(contract, table);
                var from = Quote(target.TableOf(bound));
                var latest = $"CAST(MAX({Quote(target.ColumnOf(bound, column))}) AS TIMESTAMP)";
                var unitSeconds = limit.UnitSeconds.ToString(CultureInfo.InvariantCulture);

                // No rows: the age is "forever" (a huge number), so an empty table fails the promise.
                var measure = $"SELECT COALESCE(EXTRACT(EPOCH FROM ({at} - {latest})) / {unitSeconds}, 1e12) FROM {from}";
                var alias = Quote("latest_" + column.ColumnName);
                var offending = $"SELECT {latest} AS {alias}, {at} AS as_of FROM {from}";
                yield return new ContractCheck($"{table.Name}.{column.Name} {sla.Property}", table.Name, column.Name, "freshness", "error",
                    $"SELECT CASE WHEN m < 0 THEN 0 ELSE m END FROM ({measure}) AS age(m)",
                    new QualityOperator(QualityOperatorKind.MustBeLessOrEqualTo, limit.Value), limit.Unit,
                    $"SELECT * FROM ({offending}) AS newest WHERE newest.{alias} IS NULL OR newest.{alias} < {at} - INTERVAL '{(long)Math.Ceiling(limit.TotalSeconds)} seconds'",
                    sla.Location, $"the newest {column.Name} is at most {limit} old at {asOf:yyyy-MM-dd HH:mm:ss} UTC")
                {
                    Measures = $"age of the newest {column.Name}",
                };
            }
        }
    }
}
