using System.Globalization;

namespace Workbench.Warehouse;

/// <summary>Where the warehouse is and which engine runs it.</summary>
/// <param name="Engine">The engine.</param>
/// <param name="Location">For DuckDB the database file path (or ":memory:"); for PostgreSQL an Npgsql connection string.</param>
public sealed record WarehouseOptions(WarehouseEngine Engine, string Location)
{
    /// <summary>The <see cref="Role"/> of a database Workbench loads from rather than builds in.</summary>
    public const string SourceRole = "source";

    /// <summary>How the engine writes SQL.</summary>
    public SqlDialect Dialect => SqlDialect.For(Engine);

    /// <summary>A DuckDB database file (or <c>:memory:</c>).</summary>
    public static WarehouseOptions ForDuckDb(string path) => new(WarehouseEngine.DuckDb, path);

    /// <summary>A PostgreSQL database, by its Npgsql connection string.</summary>
    public static WarehouseOptions ForPostgres(string connectionString) => new(WarehouseEngine.Postgres, connectionString);

    /// <summary>Create the PostgreSQL database on first use (environments' own databases).</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>Open it so that nothing can be written (a DuckDB file in read-only mode; PostgreSQL read-only transactions).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>How opening a connection to a server is retried while it cannot be reached (see <see cref="ConnectRetry"/>).</summary>
    public ConnectRetry Retry { get; init; } = ConnectRetry.Default;

    /// <summary>What the database is to Workbench, for messages: <c>warehouse</c>, or <see cref="SourceRole"/>.</summary>
    public string Role { get; init; } = "warehouse";

    /// <summary>Whether the warehouse is there without creating it: a DuckDB file that exists (a server is assumed to).</summary>
    public bool Exists => Engine != WarehouseEngine.DuckDb || Location == ":memory:" || File.Exists(Location);

    /// <summary>The secret values of the location (passwords), which no output may show.</summary>
    public IReadOnlyList<string> Secrets => Engine == WarehouseEngine.Postgres ? ConnectionSecrets.Find(Location) : [];

    /// <summary>
    /// Where it is, without credentials: <c>postgresql://host:port/database</c>, or the DuckDB file. Stable for a given
    /// server and database, so it also keys state kept per warehouse.
    /// </summary>
    public string Describe()
    {
        if (Engine != WarehouseEngine.Postgres)
        {
            return Location;
        }

        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(Location);
            return string.Create(CultureInfo.InvariantCulture, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
        }
        catch (ArgumentException)
        {
            return "postgresql://(a connection string Npgsql cannot read)";
        }
    }

    /// <summary>
    /// The warehouse of a pipeline environment. A location with <c>{env}</c> gets the environment's name there. Otherwise
    /// PostgreSQL: dev uses the database as given; any other environment its own database beside it (<c>shop_qa</c>,
    /// <c>shop_prod</c>), created on first use, so environments never share a table (as DuckDB's one file per
    /// environment). A DuckDB file named without <c>{env}</c> is used as named. An environment that publishes under a
    /// <c>schema_prefix</c> (<paramref name="shared"/>) shares the database as given: its prefix keeps its tables apart.
    /// </summary>
    public WarehouseOptions ForEnvironment(string environment, bool shared = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        if (Location.Contains(EnvironmentPlaceholder, StringComparison.Ordinal))
        {
            return this with { Location = Location.Replace(EnvironmentPlaceholder, environment.ToLowerInvariant(), StringComparison.Ordinal), CreateIfMissing = Engine == WarehouseEngine.Postgres };
        }

        if (Engine != WarehouseEngine.Postgres || shared || string.Equals(environment, "dev", StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Location);
        var database = builder.Database ?? builder.Username ?? "postgres";
        builder.Database = $"{database}_{environment.ToLowerInvariant()}";
        return this with { Location = builder.ConnectionString, CreateIfMissing = true };
    }

    /// <summary>How lineage names this database as a source: <see cref="Describe"/>, a DuckDB file relative to <paramref name="root"/>.</summary>
    public string DescribeRelativeTo(string root) => Engine == WarehouseEngine.DuckDb
        ? "duckdb:" + Path.GetRelativePath(root, Path.GetFullPath(Location)).Replace('\\', '/')
        : Describe();

    /// <summary>Where a location takes the environment's name.</summary>
    public const string EnvironmentPlaceholder = "{env}";

    /// <summary>The same warehouse with this password (PostgreSQL; a DuckDB file has none).</summary>
    public WarehouseOptions WithPassword(string password)
    {
        if (Engine != WarehouseEngine.Postgres)
        {
            throw new ArgumentException("A DuckDB warehouse is a file and takes no password; remove the password setting.", nameof(password));
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Location) { Password = password };
        return this with { Location = builder.ConnectionString };
    }

    /// <summary>The same warehouse with a relative DuckDB file made absolute against <paramref name="root"/>.</summary>
    public WarehouseOptions RelativeTo(string root) =>
        Engine == WarehouseEngine.DuckDb && Location != ":memory:" ? this with { Location = Path.GetFullPath(Location, root) } : this;

    /// <summary>A warehouse of the engine named <paramref name="engine"/> (<c>duckdb</c>, <c>postgres</c>) at <paramref name="location"/>.</summary>
    public static WarehouseOptions For(string engine, string location) => new(SqlDialect.Named(engine).Engine, location);

    /// <summary>Whether <paramref name="text"/> is the command-line form of a warehouse (<c>ENGINE:LOCATION</c>) rather than a name.</summary>
    public static bool IsInline(string text) =>
        text is not null && SqlDialect.All.Any(d => text.StartsWith(d.Name + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the command-line form: <c>duckdb:PATH</c>, <c>postgres:CONNECTION-STRING</c> or a bare .duckdb path.</summary>
    public static WarehouseOptions Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
        {
            return new WarehouseOptions(WarehouseEngine.Postgres, text["postgres:".Length..]);
        }

        if (text.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            return new WarehouseOptions(WarehouseEngine.DuckDb, text["duckdb:".Length..]);
        }

        return new WarehouseOptions(WarehouseEngine.DuckDb, text);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Location))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {Engine} warehouse needs a location: a DuckDB file path or a PostgreSQL connection string."),
                nameof(Location));
        }
    }

    /// <summary>Whether both are one database (the same DuckDB file, or the same server and database), so tables in one are tables in the other.</summary>
    public bool SameDatabaseAs(WarehouseOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Engine == other.Engine && (Engine == WarehouseEngine.DuckDb
            ? Location != ":memory:" && string.Equals(Path.GetFullPath(Location), Path.GetFullPath(other.Location), StringComparison.Ordinal)
            : string.Equals(Describe(), other.Describe(), StringComparison.Ordinal));
    }

    /// <summary>Whether content hashes (<see cref="WarehouseConnection.ContentHashAsync"/>) computed here and on <paramref name="other"/> can be compared: the same engine's hash function.</summary>
    public bool HashesComparableWith(WarehouseOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Engine == other.Engine;
    }

    /// <summary>A form safe to print: secrets are masked, in every spelling the driver accepts.</summary>
    public override string ToString() => Engine switch
    {
        WarehouseEngine.Postgres => "postgres:" + ConnectionSecrets.MaskIn(Location),
        _ => "duckdb:" + Location,
    };
}
