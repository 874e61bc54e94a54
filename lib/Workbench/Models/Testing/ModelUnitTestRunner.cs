using System.Globalization;
using System.Text;
using Workbench.Contracts;
using Workbench.Errors;
using Workbench.Sql;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models.Testing;

/// <summary>
/// Runs model unit tests without touching real tables: every table the model reads is replaced by a CTE holding the
/// test's rows (typed by that table's contract when there is one), the model's SQL runs as a query, and its rows are
/// compared with the expected ones as a multiset on the expected columns. A model input the test does not give is an
/// error, never a silent read of the real table.
/// </summary>
public sealed class ModelUnitTestRunner(WarehouseConnection warehouse, ModelProject project, IReadOnlyList<DataContract>? contracts = null)
{
    public async Task<IReadOnlyList<ModelUnitTestResult>> RunAsync(IEnumerable<ModelUnitTest> tests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var results = new List<ModelUnitTestResult>();
        foreach (var test in tests)
        {
            try
            {
                var sql = Rewrite(test);
                var columns = test.Expect.SelectMany(r => r.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var actual = await warehouse.QueryAsync($"SELECT {string.Join(", ", columns.Select(Quote))} FROM (\n{sql}\n) AS model", cancellationToken: cancellationToken);
                var got = actual.Rows.Select(r => Row(columns, c => r[columns.IndexOf(c)])).ToList();
                var want = test.Expect.Select(e => Row(columns, c => e.TryGetValue(c, out var v) ? v : null)).ToList();
                var missing = Minus(want, got);
                var unexpected = Minus(got, want);
                results.Add(new ModelUnitTestResult(test, missing.Count == 0 && unexpected.Count == 0, missing, unexpected, null));
            }
            catch (Exception e) when (e is WorkbenchException or WarehouseException)
            {
                results.Add(new ModelUnitTestResult(test, false, [], [], (e.InnerException?.Message ?? e.Message).Trim()));
            }
        }

        return results;
    }

    /// <summary>The model's SQL with each input replaced by a CTE of the test's rows.</summary>
    public string Rewrite(ModelUnitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!project.Models.TryGetValue(test.Model, out var model))
        {
            throw new ModelSelectionException($"{test.File}: there is no model {test.Model}.");
        }

        var inputs = model.DependsOn.Select(d => d.ToString()).Concat(model.Sources).ToList();
        var missing = inputs.Where(i => !test.Given.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelSelectionException(
                $"{test.File}: {test.Model} reads {string.Join(", ", missing)}, which the test does not give. Give rows for every input (an empty list for none), so the test never reads a real table.");
        }

        var ctes = test.Given.Select(g => $"{Cte(g.Key)} AS (\n{Fixture(test, g.Key, g.Value)}\n)").ToList();
        var sql = RelationScanner.Rewrite(model.Sql, relation =>
            relation.Parts.Count == 2 && test.Given.Keys.FirstOrDefault(k => string.Equals(k, $"{relation.Schema}.{relation.Name}", StringComparison.OrdinalIgnoreCase)) is { } given
                ? Cte(given)
                : null);

        var code = SqlTokenizer.BlankOutCommentsAndStrings(sql).TrimStart();
        var offset = sql.Length - code.Length;
        if (code.StartsWith("WITH RECURSIVE", StringComparison.OrdinalIgnoreCase))
        {
            return "WITH RECURSIVE " + string.Join(",\n", ctes) + ",\n" + sql[(offset + 14)..];
        }

        return code.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)
            ? "WITH " + string.Join(",\n", ctes) + ",\n" + sql[(offset + 4)..]
            : "WITH " + string.Join(",\n", ctes) + "\n" + sql;
    }

    private string Fixture(ModelUnitTest test, string table, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        var name = TableName.Parse(table);
        var described = contracts?.SelectMany(c => c.Schema).FirstOrDefault(t => TableName.Comparer.Equals(ContractDdl.TableNameOf(t), name));
        var typed = described?.Properties.ToDictionary(p => p.ColumnName, p => ContractDdl.ColumnType(p, warehouse.Dialect), StringComparer.OrdinalIgnoreCase);
        var columns = typed?.Keys.ToList() ?? rows.SelectMany(r => r.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (columns.Count == 0)
        {
            throw new ModelSelectionException($"{test.File}: give at least one row for {table} (or a contract for it), so its columns are known.");
        }

        var unknown = rows.SelectMany(r => r.Keys).Where(k => !columns.Contains(k, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new ModelSelectionException($"{test.File}: {table} has no column(s) {string.Join(", ", unknown)} in its contract; its columns are {string.Join(", ", columns)}.");
        }

        string Value(IReadOnlyDictionary<string, string?> row, string column)
        {
            var value = row.TryGetValue(column, out var v) ? v : null;
            if (typed is not null)
            {
                return $"CAST({(value is null ? "NULL" : Literal(value))} AS {typed[column]})";
            }

            return value switch
            {
                null => "NULL",
                "true" or "false" => value.ToUpperInvariant(),
                _ when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => value,
                _ => Literal(value),
            };
        }

        if (rows.Count == 0)
        {
            return "SELECT " + string.Join(", ", columns.Select(c => $"{Value(new Dictionary<string, string?>(), c)} AS {Quote(c)}")) + " WHERE 1 = 0";
        }

        return string.Join("\nUNION ALL\n", rows.Select(r => "SELECT " + string.Join(", ", columns.Select(c => $"{Value(r, c)} AS {Quote(c)}"))));
    }

    private static string Cte(string table) => Quote("wb_given_" + table.Replace('.', '_'));

    private static string Row(List<string> columns, Func<string, object?> value) =>
        "{" + string.Join(", ", columns.Select(c => $"{c}: {Normalize(value(c))}")) + "}";

    /// <summary>One spelling per value, so 10, 10.00 and "10" match, and a date matches its midnight timestamp.</summary>
    private static string Normalize(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return "null";
            case bool b:
                return b ? "true" : "false";
            case DateTime t:
                return t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            case DateOnly d:
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00";
            case decimal or double or float or long or int or short or byte:
                return Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture);
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString("G29", CultureInfo.InvariantCulture);
        }

        if (Loading.IsoDateTime.TryParseTimestamp(text, out var timestamp))
        {
            return timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return text is "True" or "False" ? text.ToLowerInvariant() : text;
    }

    private static List<string> Minus(List<string> from, List<string> take)
    {
        var left = new List<string>(take);
        var result = new List<string>();
        foreach (var row in from)
        {
            if (!left.Remove(row))
            {
                result.Add(row);
            }
        }

        return result;
    }
}
