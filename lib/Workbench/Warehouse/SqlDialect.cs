using System.Globalization;
using Workbench.Contracts;

namespace Workbench.Warehouse;

/// <summary>
/// What differs in SQL text between the engines: type names, regular expressions, casts to text. Each engine has one
/// dialect; callers ask it instead of testing which engine they are on. Available without a connection (DDL for
/// another engine, engine-specific model files).
/// </summary>
public abstract partial class SqlDialect
{
    /// <summary>The engine's short name: <c>duckdb</c> or <c>postgres</c> (model files <c>name.ENGINE.sql</c>, <c>--engine</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The engine this dialect is.</summary>
    public abstract WarehouseEngine Engine { get; }

    /// <summary>The workbench.yaml setting that says where a warehouse of this engine is (<c>path</c>, <c>connection</c>).</summary>
    public abstract string LocationSetting { get; }

    /// <summary>What <see cref="LocationSetting"/> holds, with an example, for messages.</summary>
    public abstract string LocationHint { get; }

    /// <summary>The schema a new connection resolves unqualified names to (DuckDB <c>main</c>, PostgreSQL <c>public</c>); a live connection asks the engine.</summary>
    public abstract string DefaultSchema { get; }

    /// <summary>
    /// Whether a schema belongs to the engine rather than to a project: the default schema, the information schema, and
    /// <c>pg_*</c> (PostgreSQL's catalogs and temporary schemas, DuckDB's compatibility catalog).
    /// </summary>
    public bool IsSystemSchema(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return string.Equals(schema, DefaultSchema, StringComparison.OrdinalIgnoreCase)
            || string.Equals(schema, "information_schema", StringComparison.OrdinalIgnoreCase)
            || schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The ODCS <c>servers[].type</c> values that mean this engine.</summary>
    public abstract IReadOnlyList<string> ServerTypes { get; }

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
        LogicalType.Integer => IntegerType(format),
        LogicalType.Number => format == "f32" ? "REAL" : DoubleType,
        LogicalType.Boolean => "BOOLEAN",
        LogicalType.Date => "DATE",
        LogicalType.Timestamp => timezone ? TimestampWithTimeZoneType : "TIMESTAMP",
        LogicalType.Time => "TIME",
        LogicalType.Object or LogicalType.Array => JsonType,
        LogicalType.String when maxLength is { } max => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({max})"),
        _ => TextType,
    };

    /// <summary>A structured type with these fields (DuckDB's <c>STRUCT(...)</c>), or null when the engine has none (PostgreSQL: the object is JSON).</summary>
    public virtual string? StructType(IReadOnlyList<(string Name, string Type)> fields) => null;

    /// <summary>The engine's integer type for an ODCS integer format (<c>i8</c> ... <c>u128</c>; none: 64 bits), the smallest that holds every value.</summary>
    protected abstract string IntegerType(string? format);

    /// <summary>The ODCS integer format of one of this engine's integer types (null for its default, 64-bit, integer).</summary>
    public string? IntegerFormatOf(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        string[] formats = ["i32", "i16", "i8", "i128", "u8", "u16", "u32", "u64", "u128"]; // the likeliest first, where one type serves several
        var canonical = Canonical(dataType);
        return formats.FirstOrDefault(f => Canonical(IntegerType(f)) == canonical && canonical != Canonical(IntegerType(null)));
    }

    /// <summary>
    /// A physicalType written for any engine, as this engine spells it: another engine's name for the same type is
    /// mapped (DuckDB's DOUBLE is PostgreSQL's DOUBLE PRECISION; PostgreSQL's JSONB is DuckDB's JSON; arrays map their
    /// element); a type this engine has no equal of is refused with <paramref name="problem"/> saying what to write
    /// instead; anything else is passed as written, for the engine to judge.
    /// </summary>
    public string TranslateType(string physicalType, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(physicalType);
        problem = null;
        var type = physicalType.Trim();
        if (type.EndsWith(']') && type.LastIndexOf('[') is var open and > 0)
        {
            return TranslateType(type[..open], out problem) + "[]";
        }

        var paren = type.IndexOf('(', StringComparison.Ordinal);
        var head = (paren < 0 ? type : type[..paren]).Trim().ToUpperInvariant();
        return ForeignType(head, type, out problem) ?? type;
    }

    /// <summary>This engine's spelling of another engine's type <paramref name="head"/> (upper case, without arguments), or null to keep <paramref name="type"/>.</summary>
    protected abstract string? ForeignType(string head, string type, out string? problem);

    /// <summary>A type name in one spelling per type (upper case, the engine's aliases folded: <c>character varying(18)</c> is <c>VARCHAR(18)</c>), for comparing types.</summary>
    public virtual string Canonical(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var type = string.Join(' ', dataType.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(", ", ",", StringComparison.Ordinal);
        foreach (var (alias, name) in Aliases)
        {
            if (type == alias || type.StartsWith(alias + "(", StringComparison.Ordinal) || type.StartsWith(alias + "[", StringComparison.Ordinal))
            {
                return name + type[alias.Length..];
            }
        }

        return type;
    }

    private static readonly (string Alias, string Name)[] Aliases =
    [
        ("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"), ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"), ("TIME WITHOUT TIME ZONE", "TIME"),
        ("CHARACTER VARYING", "VARCHAR"), ("DOUBLE PRECISION", "DOUBLE"), ("FLOAT8", "DOUBLE"), ("FLOAT4", "REAL"), ("INT8", "BIGINT"),
        ("INT4", "INTEGER"), ("INT2", "SMALLINT"), ("INT", "INTEGER"), ("BOOL", "BOOLEAN"), ("NUMERIC", "DECIMAL"),
    ];

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
        // Lengths, precisions and scales do not change the family: VARCHAR(18), NUMERIC(10,2), TIMESTAMP(3) WITH TIME ZONE.
        var type = string.Join(' ', System.Text.RegularExpressions.Regex.Replace(dataType.Trim().ToUpperInvariant(), @"\([^()]*\)", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (IntegralDecimal().IsMatch(dataType))
        {
            return LogicalType.Integer; // DECIMAL(p,0) holds whole numbers only
        }

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

    /// <summary>A catalog type name read into its structure (array elements, struct fields) with each part's logical family.</summary>
    public EngineType ParseType(string dataType) => EngineType.Parse(dataType, LogicalTypeOf);

    /// <summary>The logical type family of a type name in any engine's spelling (for types read from a contract or another engine).</summary>
    public static LogicalType? AnyLogicalTypeOf(string dataType) => All.Select(d => d.LogicalTypeOf(dataType)).FirstOrDefault(t => t is not null);

    public override string ToString() => Name;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*0\s*\)\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex IntegralDecimal();

    protected abstract string DoubleType { get; }

    protected abstract string TimestampWithTimeZoneType { get; }

    protected abstract string JsonType { get; }
}
