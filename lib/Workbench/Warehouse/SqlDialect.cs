using System.Globalization;
using Workbench.Contracts;

namespace Workbench.Warehouse;

/// <summary>
/// What differs in SQL text between the engines: type names, regular expressions, casts to text. Each engine has one
/// dialect; callers ask it instead of testing which engine they are on. Available without a connection (DDL for
/// another engine, engine-specific model files).
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The engine's short name: <c>duckdb</c> or <c>postgres</c> (model files <c>name.ENGINE.sql</c>, <c>--engine</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The engine this dialect is.</summary>
    public abstract WarehouseEngine Engine { get; }

    /// <summary>The workbench.yaml setting that says where a warehouse of this engine is (<c>path</c>, <c>connection</c>).</summary>
    public abstract string LocationSetting { get; }

    /// <summary>What <see cref="LocationSetting"/> holds, with an example, for messages.</summary>
    public abstract string LocationHint { get; }

    /// <summary>The engine's name for an unbounded text column.</summary>
    public abstract string TextType { get; }

    /// <summary>Every dialect, by <see cref="Name"/>.</summary>
    public static IReadOnlyList<SqlDialect> All { get; } = [DuckDbDialect.Instance, PostgresDialect.Instance];

    /// <summary>The dialect of an engine.</summary>
    public static SqlDialect For(WarehouseEngine engine) => All.First(d => d.Engine == engine);

    /// <summary>The dialect named <paramref name="name"/> (<c>duckdb</c>, <c>postgres</c>); an error lists the names.</summary>
    public static SqlDialect Named(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not an engine Workbench knows; use one of: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));

    /// <summary>The column type for a contract's logical type and its options.</summary>
    public string ColumnType(LogicalType? type, string? format = null, int? maxLength = null, bool timezone = false) => type switch
    {
        LogicalType.Integer => format is "i8" or "i16" ? "SMALLINT" : format is "i32" or "u8" or "u16" ? "INTEGER" : "BIGINT",
        LogicalType.Number => format == "f32" ? "REAL" : DoubleType,
        LogicalType.Boolean => "BOOLEAN",
        LogicalType.Date => "DATE",
        LogicalType.Timestamp => timezone ? TimestampWithTimeZoneType : "TIMESTAMP",
        LogicalType.Time => "TIME",
        LogicalType.Object or LogicalType.Array => JsonType,
        LogicalType.String when maxLength is { } max => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({max})"),
        _ => TextType,
    };

    /// <summary>A boolean expression: <paramref name="expression"/>, as text, matches the regular expression <paramref name="pattern"/>.</summary>
    public abstract string RegexMatches(string expression, string pattern);

    /// <summary><paramref name="expression"/> cast to text.</summary>
    public string CastToText(string expression) => $"CAST({expression} AS {TextType})";

    /// <summary>
    /// The logical type family of a type name as this engine's catalog spells it (<c>information_schema.columns.data_type</c>),
    /// or null when it is not one a contract can name.
    /// </summary>
    public virtual LogicalType? LogicalTypeOf(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var type = dataType.Trim().ToUpperInvariant();
        return type switch
        {
            "BIGINT" or "INTEGER" or "SMALLINT" or "INT" or "INT4" or "INT8" or "INT2" => LogicalType.Integer,
            "DOUBLE" or "REAL" or "FLOAT" or "DOUBLE PRECISION" or "NUMERIC" => LogicalType.Number,
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) || type.StartsWith("NUMERIC", StringComparison.Ordinal) => LogicalType.Number,
            "VARCHAR" or "TEXT" or "CHARACTER VARYING" or "CHARACTER" or "CHAR" or "UUID" => LogicalType.String,
            _ when type.StartsWith("VARCHAR", StringComparison.Ordinal) => LogicalType.String,
            "DATE" => LogicalType.Date,
            _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => LogicalType.Timestamp,
            _ when type.StartsWith("TIME", StringComparison.Ordinal) => LogicalType.Time,
            "BOOLEAN" or "BOOL" => LogicalType.Boolean,
            _ => null,
        };
    }

    /// <summary>The logical type family of a type name in any engine's spelling (for types read from a contract or another engine).</summary>
    public static LogicalType? AnyLogicalTypeOf(string dataType) => All.Select(d => d.LogicalTypeOf(dataType)).FirstOrDefault(t => t is not null);

    public override string ToString() => Name;

    protected abstract string DoubleType { get; }

    protected abstract string TimestampWithTimeZoneType { get; }

    protected abstract string JsonType { get; }
}
