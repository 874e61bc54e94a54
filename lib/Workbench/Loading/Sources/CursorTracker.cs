using System.Globalization;

namespace Workbench.Loading.Sources;

/// <summary>Keeps the largest value of an incremental source's cursor column among the rows read, as text for the state table.</summary>
public sealed class CursorTracker(string column)
{
    private int _index = -1;
    private IComparable? _max;

    public string Column { get; } = column;

    /// <summary>The largest cursor value read, in a form the source's SQL compares correctly, or null if no row had one.</summary>
    public string? Max => _max switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    public void Bind(IReadOnlyList<string> columns)
    {
        _index = columns.ToList().FindIndex(c => string.Equals(c, Column, StringComparison.OrdinalIgnoreCase));
        if (_index < 0)
        {
            throw new ArgumentException($"The cursor column '{Column}' is not among the source's columns ({string.Join(", ", columns)}). Name a column the query returns.");
        }
    }

    public void Observe(object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values[_index] is IComparable value && (_max is null || value.CompareTo(_max) > 0))
        {
            _max = value;
        }
    }
}
