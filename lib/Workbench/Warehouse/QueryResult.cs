using System.Globalization;
using System.Text;

namespace Workbench.Warehouse;

/// <summary>
/// The rows a query returned, fully read. Notebooks display it as a table and hand it between SQL and C# cells.
/// </summary>
public sealed class QueryResult
{
    public QueryResult(IReadOnlyList<QueryColumn> columns, IReadOnlyList<object?[]> rows, bool truncated)
    {
        Columns = columns;
        Rows = rows;
        Truncated = truncated;
    }

    public IReadOnlyList<QueryColumn> Columns { get; }

    /// <summary>
    /// Records (a record type, an anonymous type) as a result: one column per public property, in declaration order;
    /// values of simple types kept, anything else (an enum, a nested record) as its text. How sequences of results
    /// (batches, checks) are shown as tables instead of object trees.
    /// </summary>
    public static QueryResult Of<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var properties = typeof(T).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        static bool Simple(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan));
        var columns = properties.Select(p => new QueryColumn(p.Name, Simple(p.PropertyType) ? p.PropertyType : typeof(string), Simple(p.PropertyType) ? p.PropertyType.Name : "text")).ToList();
        var rows = records.Select(r => properties.Select(p => p.GetValue(r) is { } value ? (Simple(p.PropertyType) ? value : value.ToString()) : null).ToArray()).ToList();
        return new QueryResult(columns, rows, truncated: false);
    }

    /// <summary>Rows in column order; database NULL is <c>null</c>.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>True when the query had more rows than the reader was allowed to keep.</summary>
    public bool Truncated { get; }

    public int RowCount => Rows.Count;

    /// <summary>The index of a column by name (case-insensitive); throws naming the columns that exist.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new KeyNotFoundException(
            $"The result has no column '{column}'. Its columns are: {string.Join(", ", Columns.Select(c => c.Name))}.");
    }

    /// <summary>One column's values converted to <typeparamref name="T"/> (invariant culture).</summary>
    public IReadOnlyList<T> Column<T>(string column)
    {
        var index = IndexOf(column);
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return Rows.Select(row => row[index] is null ? default! : (T)ConvertValue(row[index]!, target)).ToList();
    }

    /// <summary>The first column of the first row, or default when there is no row.</summary>
    public T? Scalar<T>()
    {
        if (Rows.Count == 0 || Rows[0].Length == 0 || Rows[0][0] is null)
        {
            return default;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)ConvertValue(Rows[0][0]!, target);
    }

    /// <summary>
    /// The same rows with the values of <paramref name="columns"/> (case-insensitive names) replaced by <paramref name="mask"/>;
    /// NULL stays NULL. This result itself is unchanged.
    /// </summary>
    public QueryResult Mask(IReadOnlySet<string> columns, string mask)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var masked = Columns.Select((c, i) => (c, i)).Where(x => columns.Contains(x.c.Name)).Select(x => x.i).ToArray();
        if (masked.Length == 0)
        {
            return this;
        }

        var rows = Rows.Select(row =>
        {
            var copy = (object?[])row.Clone();
            foreach (var i in masked)
            {
                copy[i] = copy[i] is null or DBNull ? copy[i] : mask;
            }

            return copy;
        }).ToList();
        return new QueryResult(Columns, rows, Truncated);
    }

    /// <summary>A fixed-width text rendering of at most <paramref name="maxRows"/> rows.</summary>
    public string ToText(int maxRows = 20)
    {
        var shown = Rows.Take(maxRows).Select(r => r.Select(FormatCell).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Name.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join(" | ", Columns.Select((c, i) => c.Name.PadRight(widths[i]))));
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in shown)
        {
            text.AppendLine(string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))));
        }

        if (Rows.Count > maxRows || Truncated)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"({Rows.Count}{(Truncated ? "+" : string.Empty)} rows, {Math.Min(maxRows, Rows.Count)} shown)");
        }

        return text.ToString();
    }

    public override string ToString() => ToText();

    /// <summary>How a cell value prints: invariant culture, ISO dates, NULL for null.</summary>
    public static string FormatCell(object? value) => value switch
    {
        null or DBNull => "NULL",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static object ConvertValue(object value, Type target) => value switch
    {
        _ when value.GetType() == target => value,
        DateTime dt when target == typeof(DateOnly) => DateOnly.FromDateTime(dt),
        DateOnly d when target == typeof(DateTime) => d.ToDateTime(TimeOnly.MinValue),
        _ when target == typeof(string) => FormatCell(value),
        System.Numerics.BigInteger big => Convert.ChangeType((decimal)big, target, CultureInfo.InvariantCulture),
        _ => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
    };
}
