using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Contracts;

/// <summary>
/// Compiles every rule in a set of contracts to SQL for one warehouse: required (not null), unique, primary key, logical
/// type options (ranges, lengths, patterns, multiples), relationships (referential integrity, to a table of any of the
/// contracts by name or physicalName), the ODCS library metrics, <c>type: sql</c> rules with the standard's placeholders,
/// and freshness SLAs. A rule that cannot be run becomes a skipped check that says why; a SQL rule that is not one
/// read-only query becomes a refused one. Tables resolve through the <see cref="ContractTarget"/>.
/// </summary>
public static class ContractCheckCompiler
{
    /// <summary>Compiles every contract, resolving relationships across all of them.</summary>
    /// <param name="asOf">When freshness SLAs are judged (UTC); now when not given.</param>
    /// <param name="sensitive">Which columns samples mask (besides those the contracts classify); none more by default.</param>
    public static IReadOnlyList<ContractCheck> CompileAll(IReadOnlyList<DataContract> contracts, ContractTarget target, DateTime? asOf = null, SensitiveData? sensitive = null)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        ArgumentNullException.ThrowIfNull(target);
        var tables = new ContractTables(contracts);
        var context = new Context(target, tables, sensitive ?? SensitiveData.Default);
        var checks = new List<ContractCheck>();
        foreach (var table in tables.All)
        {
            checks.AddRange(TableChecks(context, table));
        }

        foreach (var contract in contracts)
        {
            checks.AddRange(ContractFreshness.Compile(contract, target, asOf ?? DateTime.UtcNow));
        }

        return checks;
    }

    /// <summary>Compiles contracts for an engine without a connection: unqualified names in its default schema.</summary>
    public static IReadOnlyList<ContractCheck> CompileAll(IReadOnlyList<DataContract> contracts, SqlDialect dialect, DateTime? asOf = null) =>
        CompileAll(contracts, ContractTarget.Offline(dialect), asOf);

    /// <summary>Compiles one contract on its own (relationships only to its own tables).</summary>
    public static IReadOnlyList<ContractCheck> Compile(DataContract contract, SqlDialect dialect, DateTime? asOf = null) =>
        CompileAll([contract], ContractTarget.Offline(dialect), asOf);

    private sealed record Context(ContractTarget Target, ContractTables Tables, SensitiveData Sensitive);

    /// <summary>One table being compiled: where it is, its quoted name, the columns its samples mask.</summary>
    private sealed record Scope(ContractTable Bound, string From, IReadOnlySet<string> Masked, Context Context)
    {
        public SchemaObject Table => Bound.Table;

        public string Column(SchemaProperty p) => Quote(Context.Target.ColumnOf(Bound, p));

        public ContractCheck Rows(SchemaProperty? p, string kind, string severity, string offending, SourceLocation location, string description) =>
            new ContractCheck($"{Table.Name}{(p is null ? string.Empty : "." + p.Name)} {kind}", Table.Name, p?.Name, kind, severity,
                $"SELECT COUNT(*) FROM ({offending}) AS offending", QualityOperator.NoRows, "rows", offending, location, description) { Masked = Masked };

        /// <summary>A rule broken by the rows matching <paramref name="predicate"/>: counted in the scan its table's other such rules share.</summary>
        public ContractCheck Where(SchemaProperty? p, string kind, string severity, string predicate, SourceLocation location, string description)
        {
            var aggregate = $"COUNT(CASE WHEN {predicate} THEN 1 END)";
            return Rows(p, kind, severity, $"SELECT * FROM {From} WHERE {predicate}", location, description) with
            {
                MeasureSql = ContractCheck.ScanSql(aggregate, From),
                ScanAggregate = aggregate,
            };
        }

        public ContractCheck Skipped(SchemaProperty? p, string kind, string severity, SourceLocation location, string description, string reason) =>
            ContractCheck.Skipped($"{Table.Name}{(p is null ? string.Empty : "." + p.Name)} {kind}", Table.Name, p?.Name, kind, severity, location, description, reason);
    }

    private static IEnumerable<ContractCheck> TableChecks(Context context, ContractTable bound)
    {
        var table = bound.Table;
        var name = context.Target.TableOf(bound);
        var scope = new Scope(bound, Quote(name), context.Sensitive.ColumnsOf(table), context);
        foreach (var property in table.Properties)
        {
            foreach (var check in PropertyChecks(scope, property))
            {
                yield return check;
            }
        }

        if (table.PrimaryKey.Count > 1)
        {
            var keys = string.Join(", ", table.PrimaryKey.Select(scope.Column));
            yield return scope.Rows(null, "primaryKey", "error", $"SELECT {keys}, COUNT(*) AS copies FROM {scope.From} GROUP BY {keys} HAVING COUNT(*) > 1",
                table.Location, $"({string.Join(", ", table.PrimaryKey.Select(p => p.Name))}) identifies one row");
        }

        foreach (var rule in table.Quality)
        {
            foreach (var check in QualityChecks(scope, null, rule, name.Schema))
            {
                yield return check;
            }
        }

        foreach (var link in table.Relationships)
        {
            var columns = link.From.Select(f => Find(table, Relationship.ColumnOf(f))).OfType<SchemaProperty>().ToArray();
            if (link.From.All(f => Matches(table, Relationship.TableOf(f))) && columns.Length == link.From.Count)
            {
                yield return RelationshipCheck(scope, null, columns, link);
            }
            else
            {
                yield return scope.Skipped(null, "relationship", "error", link.Location, $"{link}",
                    $"'from' ({string.Join(", ", link.From)}) must name columns of {table.Name} itself");
            }
        }
    }

    private static IEnumerable<ContractCheck> PropertyChecks(Scope scope, SchemaProperty p)
    {
        var column = scope.Column(p);
        var from = scope.From;
        if (p.Required || p.PrimaryKey)
        {
            yield return scope.Where(p, "required", "error", $"{column} IS NULL", p.Location, $"{p.Name} is never null");
        }

        if (p.Unique || (p.PrimaryKey && scope.Table.PrimaryKey.Count == 1))
        {
            yield return scope.Rows(p, p.PrimaryKey ? "primaryKey" : "unique", "error",
                $"SELECT {column}, COUNT(*) AS copies FROM {from} WHERE {column} IS NOT NULL GROUP BY {column} HAVING COUNT(*) > 1", p.Location, $"{p.Name} is unique");
        }

        if (p.Options is { } o)
        {
            foreach (var (bound, op, value) in new[] { ("minimum", "<", o.Minimum), ("exclusiveMinimum", "<=", o.ExclusiveMinimum), ("maximum", ">", o.Maximum), ("exclusiveMaximum", ">=", o.ExclusiveMaximum) })
            {
                if (value is not null)
                {
                    yield return scope.Where(p, bound, "error", $"{column} {op} {TypedLiteral(p, value)}", p.Location, $"{p.Name} {Inverse(op)} {value}");
                }
            }

            if (o.MinLength is { } min)
            {
                yield return scope.Where(p, "minLength", "error", $"LENGTH({column}) < {min}", p.Location, $"{p.Name} has at least {min} characters");
            }

            if (o.MaxLength is { } max)
            {
                yield return scope.Where(p, "maxLength", "error", $"LENGTH({column}) > {max}", p.Location, $"{p.Name} has at most {max} characters");
            }

            if (o.Pattern is { } pattern)
            {
                yield return scope.Where(p, "pattern", "error", $"{column} IS NOT NULL AND NOT ({scope.Context.Target.Dialect.RegexMatches(column, pattern)})", p.Location, $"{p.Name} matches {pattern}");
            }

            if (o.MultipleOf is { } multiple and not 0)
            {
                var m = multiple.ToString(CultureInfo.InvariantCulture);
                yield return scope.Where(p, "multipleOf", "error", $"{column} % {m} <> 0", p.Location, $"{p.Name} is a multiple of {m}");
            }

            foreach (var unchecked_ in o.Other.Keys.Where(k => k is "minItems" or "maxItems" or "uniqueItems" or "minProperties" or "maxProperties" or "required"))
            {
                yield return scope.Skipped(p, unchecked_, "error", p.Location, $"{p.Name} {unchecked_}", $"{unchecked_} on a nested value is not checked by Workbench (its type is compared)");
            }
        }

        foreach (var nested in Nested(p).Where(n => n.Required || n.Unique || n.Options is not null || n.Quality.Count > 0 || n.Relationships.Count > 0))
        {
            yield return scope.Skipped(p, $"{nested.Name} rules", "error", nested.Location, $"rules of {p.Name}'s nested field {nested.Name}",
                "rules on a nested field (inside an array's items or an object's properties) are not checked by Workbench; its type is compared");
        }

        foreach (var link in p.Relationships)
        {
            yield return RelationshipCheck(scope, p, [p], link);
        }

        foreach (var rule in p.Quality)
        {
            foreach (var check in QualityChecks(scope, p, rule, scope.Context.Target.TableOf(scope.Bound).Schema))
            {
                yield return check;
            }
        }
    }

    private static IEnumerable<SchemaProperty> Nested(SchemaProperty p)
    {
        foreach (var child in p.Properties.Concat(p.Items is { } items ? [items] : []))
        {
            yield return child;
            foreach (var deeper in Nested(child))
            {
                yield return deeper;
            }
        }
    }

    /// <summary>Referential integrity: rows whose (non-null) key has no match in the referenced table. Composite keys match column by column.</summary>
    private static ContractCheck RelationshipCheck(Scope scope, SchemaProperty? p, SchemaProperty[] columns, Relationship link)
    {
        var what = columns.Length == 1 ? columns[0].Name : "(" + string.Join(", ", columns.Select(c => c.Name)) + ")";
        var to = link.To.Count == 1 ? link.To[0] : "(" + string.Join(", ", link.To) + ")";
        var description = $"every {what} exists in {to}";
        var found = scope.Context.Tables.Find(link.ToTable);
        if (found.Count != 1)
        {
            return scope.Skipped(p, "relationship", "error", link.Location, description, found.Count == 0
                ? $"no contract being checked describes table '{link.ToTable}'; check it together with that table's contract"
                : $"'{link.ToTable}' could mean {string.Join(" or ", found.Select(f => f.Table.TableName))}; name the table by its physicalName");
        }

        var target = found[0];
        var targets = link.To.Select(t => Find(target.Table, Relationship.ColumnOf(t))).ToList();
        if (targets.Any(t => t is null) || targets.Count != columns.Length)
        {
            return scope.Skipped(p, "relationship", "error", link.Location, description, $"table '{target.Table.Name}' has no column {string.Join(", ", link.To.Where((t, i) => targets[i] is null))}");
        }

        var parent = Quote(scope.Context.Target.TableOf(target));
        var present = string.Join(" AND ", columns.Select(c => $"c.{scope.Column(c)} IS NOT NULL"));
        var join = string.Join(" AND ", columns.Zip(targets, (c, t) => $"p.{Quote(scope.Context.Target.ColumnOf(target, t!))} = c.{scope.Column(c)}"));
        return scope.Rows(p, "relationship", "error", $"SELECT c.* FROM {scope.From} AS c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {join})",
            link.Location, description);
    }

    private static SchemaProperty? Find(SchemaObject table, string column) =>
        table.Properties.FirstOrDefault(t => string.Equals(t.Name, column, StringComparison.OrdinalIgnoreCase) || string.Equals(t.PhysicalName, column, StringComparison.OrdinalIgnoreCase));

    private static bool Matches(SchemaObject table, string name) =>
        string.Equals(table.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(table.PhysicalName, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>One check per operator of the rule (v3.1.0 rules have one; a v3.0 rule may have several), or one skipped check.</summary>
    private static IEnumerable<ContractCheck> QualityChecks(Scope scope, SchemaProperty? p, QualityRule rule, string schema)
    {
        var kind = rule.Type == QualityRuleType.Library && rule.Metric is { } m ? MetricName(m) : rule.Type.ToString().ToLowerInvariant();
        var name = rule.Name ?? $"{scope.Table.Name}{(p is null ? string.Empty : "." + p.Name)} {kind}";
        var description = rule.Description ?? $"{kind} rule";
        if (rule.SkipReason is { } reason || rule.Operators.Count == 0)
        {
            yield return ContractCheck.Skipped(name, scope.Table.Name, p?.Name, kind, rule.Severity, rule.Location, description, rule.SkipReason ?? "the rule has no operator");
            yield break;
        }

        foreach (var op in rule.Operators)
        {
            var check = QualityCheck(scope, p, rule, op, schema) with { Name = rule.Operators.Count > 1 ? $"{name} {op.Key}" : name, Description = description };
            yield return check;
        }
    }

    private static ContractCheck QualityCheck(Scope scope, SchemaProperty? p, QualityRule rule, QualityOperator op, string schema)
    {
        var from = scope.From;
        var dialect = scope.Context.Target.Dialect;
        var column = p is null ? null : scope.Column(p);
        var table = scope.Table.Name;
        if (rule.Type == QualityRuleType.Sql)
        {
            var query = rule.Query!;
            var check = new ContractCheck(string.Empty, table, p?.Name, "sql", rule.Severity, string.Empty, op, rule.Unit, null, rule.Location, string.Empty)
            {
                Measures = QualityQuery.Measures(query),
                Masked = scope.Masked,
            };
            var server = scope.Context.Target.ServerOf(scope.Bound.Contract, out _);
            var filled = QualityQuery.Fill(query, from, column, Quote(schema), server is null ? null : server.Setting);
            var unfilled = QualityQuery.Find(filled).Select(x => (x.Name, Text: filled.Substring(x.Start, x.Length))).ToList();
            if (unfilled.Count > 0)
            {
                return check with
                {
                    RefusedReason = unfilled.All(u => QualityQuery.ServerPlaceholders.Contains(u.Name))
                        ? $"the query needs {string.Join(", ", unfilled.Select(u => u.Text))} from the contract's server, and {(server is null ? $"the contract names no {scope.Context.Target.Dialect.Name} server in use" : $"server '{server.Server}' does not give it")}"
                        : $"the query has placeholder(s) Workbench does not fill: {string.Join(", ", unfilled.Select(u => u.Text))} (it fills {QualityQuery.Known})",
                };
            }

            return Sql.SqlQueryGuard.Check(filled, "a quality rule's query") is { } problem
                ? check with { RefusedReason = $"{problem.Message} A check only reads, so it was not executed." }
                : check with { MeasureSql = filled };
        }

        var metric = rule.Metric!.Value;
        if (metric == QualityMetric.RowCount)
        {
            return new ContractCheck(string.Empty, table, null, "rowCount", rule.Severity, ContractCheck.ScanSql("COUNT(*)", from), op, "rows", null, rule.Location, string.Empty)
            {
                Measures = "row count",
                ScanAggregate = "COUNT(*)",
            };
        }

        if (metric == QualityMetric.DuplicateValues)
        {
            var columns = column is not null ? [column] : ((List<object?>)rule.Arguments["properties"]!).Select(v => Quote(ColumnOf(scope, v?.ToString() ?? string.Empty))).ToList();
            var keys = string.Join(", ", columns);
            var distinct = columns.Count == 1 ? keys : $"({keys})";
            var duplicates = rule.Unit == "percent"
                ? $"CASE WHEN COUNT(*) = 0 THEN 0 ELSE 100.0 * (COUNT(*) - COUNT(DISTINCT {distinct})) / COUNT(*) END"
                : $"COUNT(*) - COUNT(DISTINCT {distinct})";
            return new ContractCheck(string.Empty, table, p?.Name, "duplicateValues", rule.Severity, ContractCheck.ScanSql(duplicates, from), op, rule.Unit,
                $"SELECT {keys}, COUNT(*) AS copies FROM {from} GROUP BY {keys} HAVING COUNT(*) > 1", rule.Location, string.Empty)
            {
                Measures = "duplicate rows",
                ScanAggregate = duplicates,
                Masked = scope.Masked,
            };
        }

        var predicate = metric switch
        {
            QualityMetric.NullValues => $"{column} IS NULL",
            QualityMetric.MissingValues => Missing(column!, rule, dialect),
            _ => Invalid(column!, rule, dialect),
        };
        var count = rule.Unit == "percent"
            ? $"CASE WHEN COUNT(*) = 0 THEN 0 ELSE 100.0 * COUNT(CASE WHEN {predicate} THEN 1 END) / COUNT(*) END"
            : $"COUNT(CASE WHEN {predicate} THEN 1 END)";
        return new ContractCheck(string.Empty, table, p!.Name, MetricName(metric), rule.Severity, ContractCheck.ScanSql(count, from), op, rule.Unit, $"SELECT * FROM {from} WHERE {predicate}", rule.Location, string.Empty)
        {
            ScanAggregate = count,
            Measures = metric switch { QualityMetric.NullValues => "null values", QualityMetric.MissingValues => "missing values", _ => "invalid values" },
            Masked = scope.Masked,
        };
    }

    private static string ColumnOf(Scope scope, string name) =>
        Find(scope.Table, name) is { } p ? scope.Context.Target.ColumnOf(scope.Bound, p) : name;

    private static string Missing(string column, QualityRule rule, SqlDialect dialect)
    {
        var missing = List(rule.Arguments, "missingValues") ?? [null, string.Empty];
        var literals = missing.Where(v => v is not null).Select(v => Literal(v!.ToString()!)).ToList();
        return $"{column} IS NULL" + (literals.Count > 0 ? $" OR {dialect.CastToText(column)} IN ({string.Join(", ", literals)})" : string.Empty);
    }

    private static string Invalid(string column, QualityRule rule, SqlDialect dialect)
    {
        var tests = new List<string>();
        if (List(rule.Arguments, "validValues") is { } valid)
        {
            tests.Add($"{dialect.CastToText(column)} NOT IN ({string.Join(", ", valid.Select(v => Literal(v?.ToString() ?? string.Empty)))})");
        }

        if (rule.Arguments.TryGetValue("pattern", out var pattern) && pattern is string regex)
        {
            tests.Add($"NOT ({dialect.RegexMatches(column, regex)})");
        }

        return $"{column} IS NOT NULL AND ({string.Join(" OR ", tests)})";
    }

    private static string MetricName(QualityMetric metric) => char.ToLowerInvariant(metric.ToString()[0]) + metric.ToString()[1..];

    private static string TypedLiteral(SchemaProperty p, string value) => p.LogicalType switch
    {
        LogicalType.Integer or LogicalType.Number when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n.ToString(CultureInfo.InvariantCulture),
        LogicalType.Date => $"CAST({Literal(value)} AS DATE)",
        LogicalType.Timestamp => $"CAST({Literal(value)} AS TIMESTAMP)",
        _ => Literal(value),
    };

    private static string Inverse(string op) => op switch { "<" => ">=", "<=" => ">", ">" => "<=", _ => "<" };

    private static List<object?>? List(IReadOnlyDictionary<string, object?> arguments, string key) =>
        arguments.TryGetValue(key, out var value) && value is List<object?> list ? list : null;
}
