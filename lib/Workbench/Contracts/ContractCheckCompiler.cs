using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// Compiles every rule in a contract to SQL that runs on DuckDB and PostgreSQL: required (not null), unique, primary key,
/// logical type options (ranges, lengths, patterns), relationships (referential integrity), the ODCS library metrics
/// (nullValues, missingValues, invalidValues, duplicateValues, rowCount), custom <c>type: sql</c> rules and freshness SLAs.
/// </summary>
public static class ContractCheckCompiler
{
    private static readonly QualityOperator None = new(QualityOperatorKind.MustBe, 0);

    /// <summary>Compiles every contract, resolving relationships across all of them.</summary>
    /// <param name="asOf">When freshness SLAs are judged (UTC); now when not given.</param>
    public static IReadOnlyList<ContractCheck> CompileAll(IReadOnlyList<DataContract> contracts, SqlDialect dialect, DateTime? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var tables = contracts.SelectMany(c => c.Schema).GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return contracts.SelectMany(c => Compile(c, dialect, tables, asOf)).ToList();
    }

    /// <param name="tables">Every schema object the relationships may point at, by name (from all contracts).</param>
    /// <param name="asOf">When freshness SLAs are judged (UTC); now when not given.</param>
    public static IReadOnlyList<ContractCheck> Compile(DataContract contract, SqlDialect dialect, IReadOnlyDictionary<string, SchemaObject>? tables = null, DateTime? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var known = tables ?? contract.Schema.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);
        var checks = new List<ContractCheck>();
        foreach (var table in contract.Schema)
        {
            var from = Quote(ContractDdl.TableNameOf(table));
            foreach (var property in table.Properties)
            {
                checks.AddRange(PropertyChecks(table, property, from, dialect, known));
            }

            if (table.PrimaryKey.Count > 1)
            {
                var keys = string.Join(", ", table.PrimaryKey.Select(p => Quote(p.ColumnName)));
                checks.Add(Rows(table, null, "primaryKey", "error", $"SELECT {keys}, COUNT(*) AS copies FROM {from} GROUP BY {keys} HAVING COUNT(*) > 1",
                    table.Location, $"({keys}) identifies one row"));
            }

            checks.AddRange(table.Quality.Select(rule => QualityCheck(table, null, rule, from, dialect)).OfType<ContractCheck>());
            foreach (var link in table.Relationships)
            {
                var columns = link.From.Select(f => Find(table, Relationship.ColumnOf(f))).OfType<SchemaProperty>().ToArray();
                if (link.From.All(f => Matches(table, Relationship.TableOf(f))) && columns.Length == link.From.Count
                    && RelationshipCheck(table, null, columns, link, from, known) is { } check)
                {
                    checks.Add(check);
                }
            }
        }

        checks.AddRange(ContractFreshness.Compile(contract, asOf ?? DateTime.UtcNow));
        return checks;
    }

    private static IEnumerable<ContractCheck> PropertyChecks(SchemaObject table, SchemaProperty p, string from, SqlDialect dialect, IReadOnlyDictionary<string, SchemaObject> known)
    {
        var column = Quote(p.ColumnName);
        if (p.Required || p.PrimaryKey)
        {
            yield return Rows(table, p, "required", "error", $"SELECT * FROM {from} WHERE {column} IS NULL", p.Location, $"{p.Name} is never null");
        }

        if (p.Unique || (p.PrimaryKey && table.PrimaryKey.Count == 1))
        {
            yield return Rows(table, p, p.PrimaryKey ? "primaryKey" : "unique", "error",
                $"SELECT {column}, COUNT(*) AS copies FROM {from} WHERE {column} IS NOT NULL GROUP BY {column} HAVING COUNT(*) > 1", p.Location, $"{p.Name} is unique");
        }

        if (p.Options is { } o)
        {
            foreach (var (bound, op, value) in new[] { ("minimum", "<", o.Minimum), ("exclusiveMinimum", "<=", o.ExclusiveMinimum), ("maximum", ">", o.Maximum), ("exclusiveMaximum", ">=", o.ExclusiveMaximum) })
            {
                if (value is not null)
                {
                    yield return Rows(table, p, bound, "error", $"SELECT * FROM {from} WHERE {column} {op} {TypedLiteral(p, value)}", p.Location, $"{p.Name} {Inverse(op)} {value}");
                }
            }

            if (o.MinLength is { } min)
            {
                yield return Rows(table, p, "minLength", "error", $"SELECT * FROM {from} WHERE LENGTH({column}) < {min}", p.Location, $"{p.Name} has at least {min} characters");
            }

            if (o.MaxLength is { } max)
            {
                yield return Rows(table, p, "maxLength", "error", $"SELECT * FROM {from} WHERE LENGTH({column}) > {max}", p.Location, $"{p.Name} has at most {max} characters");
            }

            if (o.Pattern is { } pattern)
            {
                yield return Rows(table, p, "pattern", "error", $"SELECT * FROM {from} WHERE {column} IS NOT NULL AND NOT ({Matches(column, pattern, dialect)})", p.Location, $"{p.Name} matches {pattern}");
            }
        }

        foreach (var link in p.Relationships)
        {
            if (RelationshipCheck(table, p, [p], link, from, known) is { } check)
            {
                yield return check;
            }
        }

        foreach (var rule in p.Quality)
        {
            if (QualityCheck(table, p, rule, from, dialect) is { } check)
            {
                yield return check;
            }
        }
    }

    /// <summary>Referential integrity: rows whose (non-null) key has no match in the referenced table. Composite keys match column by column.</summary>
    private static ContractCheck? RelationshipCheck(SchemaObject table, SchemaProperty? p, SchemaProperty[] columns, Relationship link, string from, IReadOnlyDictionary<string, SchemaObject> known)
    {
        if (!known.TryGetValue(link.ToTable, out var target))
        {
            return null; // lint reports references to tables no contract defines
        }

        var targets = link.To.Select(t => Find(target, Relationship.ColumnOf(t))).ToList();
        if (targets.Any(t => t is null) || targets.Count != columns.Length)
        {
            return null;
        }

        var parent = Quote(ContractDdl.TableNameOf(target));
        var present = string.Join(" AND ", columns.Select(c => $"c.{Quote(c.ColumnName)} IS NOT NULL"));
        var join = string.Join(" AND ", columns.Zip(targets, (c, t) => $"p.{Quote(t!.ColumnName)} = c.{Quote(c.ColumnName)}"));
        var what = columns.Length == 1 ? columns[0].Name : "(" + string.Join(", ", columns.Select(c => c.Name)) + ")";
        return Rows(table, p, "relationship", "error",
            $"SELECT c.* FROM {from} AS c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {join})",
            link.Location, $"every {what} exists in {(link.To.Count == 1 ? link.To[0] : "(" + string.Join(", ", link.To) + ")")}");
    }

    private static SchemaProperty? Find(SchemaObject table, string column) =>
        table.Properties.FirstOrDefault(t => string.Equals(t.Name, column, StringComparison.OrdinalIgnoreCase) || string.Equals(t.PhysicalName, column, StringComparison.OrdinalIgnoreCase));

    private static bool Matches(SchemaObject table, string name) =>
        string.Equals(table.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(table.PhysicalName, name, StringComparison.OrdinalIgnoreCase);

    private static ContractCheck? QualityCheck(SchemaObject table, SchemaProperty? p, QualityRule rule, string from, SqlDialect dialect)
    {
        if (rule.Operator is not { } op)
        {
            return null; // text and custom rules are documentation here; lint reports library/sql rules without an operator
        }

        var column = p is null ? null : Quote(p.ColumnName);
        string? predicate = null;
        string measure;
        switch (rule.Type, rule.Metric)
        {
            case (QualityRuleType.Sql, _):
                measure = rule.Query!.Replace("{object}", from, StringComparison.Ordinal).Replace("${object}", from, StringComparison.Ordinal)
                    .Replace("{property}", column ?? string.Empty, StringComparison.Ordinal).Replace("${property}", column ?? string.Empty, StringComparison.Ordinal);
                return new ContractCheck(rule.Name ?? $"{table.Name}{(p is null ? string.Empty : "." + p.Name)} sql", table.Name, p?.Name, "sql", rule.Severity,
                    measure, op, "rows", null, rule.Location, rule.Description ?? "custom SQL rule");
            case (_, QualityMetric.RowCount):
                return new ContractCheck(rule.Name ?? $"{table.Name} rowCount", table.Name, null, "rowCount", rule.Severity,
                    $"SELECT COUNT(*) FROM {from}", op, "rows", null, rule.Location, rule.Description ?? "row count");
            case (_, QualityMetric.NullValues) when column is not null:
                predicate = $"{column} IS NULL";
                break;
            case (_, QualityMetric.MissingValues) when column is not null:
                var missing = List(rule.Arguments, "missingValues") ?? [null, string.Empty];
                var literals = missing.Where(v => v is not null).Select(v => Literal(v!.ToString()!)).ToList();
                predicate = $"{column} IS NULL" + (literals.Count > 0 ? $" OR {dialect.CastToText(column)} IN ({string.Join(", ", literals)})" : string.Empty);
                break;
            case (_, QualityMetric.InvalidValues) when column is not null:
                if (List(rule.Arguments, "validValues") is { } valid)
                {
                    predicate = $"{column} IS NOT NULL AND {dialect.CastToText(column)} NOT IN ({string.Join(", ", valid.Select(v => Literal(v?.ToString() ?? string.Empty)))})";
                }
                else if (rule.Arguments.TryGetValue("pattern", out var pattern) && pattern is string regex)
                {
                    predicate = $"{column} IS NOT NULL AND NOT ({Matches(column, regex, dialect)})";
                }
                else
                {
                    return null;
                }

                break;
            case (_, QualityMetric.DuplicateValues):
                var columns = column is not null ? [column] : (List(rule.Arguments, "properties") ?? []).Select(v => Quote(v?.ToString() ?? string.Empty)).ToList();
                if (columns.Count == 0)
                {
                    return null;
                }

                var keys = string.Join(", ", columns);
                var count = $"SELECT COUNT(*) - COUNT(DISTINCT {(columns.Count == 1 ? keys : $"({keys})")}) FROM {from}";
                measure = rule.Unit == "percent" ? $"SELECT CASE WHEN COUNT(*) = 0 THEN 0 ELSE 100.0 * (COUNT(*) - COUNT(DISTINCT {(columns.Count == 1 ? keys : $"({keys})")})) / COUNT(*) END FROM {from}" : count;
                return new ContractCheck(rule.Name ?? $"{table.Name}{(p is null ? string.Empty : "." + p.Name)} duplicateValues", table.Name, p?.Name, "duplicateValues", rule.Severity,
                    measure, op, rule.Unit, $"SELECT {keys}, COUNT(*) AS copies FROM {from} GROUP BY {keys} HAVING COUNT(*) > 1", rule.Location, rule.Description ?? $"duplicates of ({keys})");
            default:
                return null;
        }

        measure = rule.Unit == "percent"
            ? $"SELECT CASE WHEN COUNT(*) = 0 THEN 0 ELSE 100.0 * SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END) / COUNT(*) END FROM {from}"
            : $"SELECT COALESCE(SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END), 0) FROM {from}";
        var metric = rule.Metric!.Value.ToString();
        metric = char.ToLowerInvariant(metric[0]) + metric[1..];
        return new ContractCheck(rule.Name ?? $"{table.Name}.{p!.Name} {metric}", table.Name, p!.Name, metric, rule.Severity,
            measure, op, rule.Unit, $"SELECT * FROM {from} WHERE {predicate}", rule.Location, rule.Description ?? $"{metric} of {p.Name}");
    }

    private static ContractCheck Rows(SchemaObject table, SchemaProperty? p, string kind, string severity, string offending, SourceLocation location, string description) =>
        new($"{table.Name}{(p is null ? string.Empty : "." + p.Name)} {kind}", table.Name, p?.Name, kind, severity,
            $"SELECT COUNT(*) FROM ({offending}) AS offending", None, "rows", offending, location, description);

    private static string TypedLiteral(SchemaProperty p, string value) => p.LogicalType switch
    {
        LogicalType.Integer or LogicalType.Number when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n.ToString(CultureInfo.InvariantCulture),
        LogicalType.Date => $"CAST({Literal(value)} AS DATE)",
        LogicalType.Timestamp => $"CAST({Literal(value)} AS TIMESTAMP)",
        _ => Literal(value),
    };

    private static string Inverse(string op) => op switch { "<" => ">=", "<=" => ">", ">" => "<=", _ => "<" };

    private static string Matches(string column, string pattern, SqlDialect dialect) => dialect.RegexMatches(column, pattern);

    private static List<object?>? List(IReadOnlyDictionary<string, object?> arguments, string key) =>
        arguments.TryGetValue(key, out var value) && value is List<object?> list ? list : null;
}
