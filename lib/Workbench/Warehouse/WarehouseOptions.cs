using System.Globalization;

namespace Workbench.Warehouse;

/// <summary>Where the warehouse is and which engine runs it.</summary>
/// <param name="Engine">The engine.</param>
/// <param name="Location">For DuckDB the database file path (or ":memory:"); for PostgreSQL an Npgsql connection string.</param>
public sealed record WarehouseOptions(WarehouseEngine Engine, string Location)
{
    /// <summary>The DuckDB file a pipeline environment uses under a repository's artifacts folder.</summary>
    public static WarehouseOptions DuckDbFor(string repositoryRoot, string environment) =>
        new(WarehouseEngine.DuckDb, Path.Combine(repositoryRoot, "artifacts", "warehouse", $"workbench-{environment}.duckdb"));

    /// <summary>Create the PostgreSQL database on first use (environments' own databases).</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>
    /// The warehouse of a pipeline environment on this server. PostgreSQL: dev uses the database as given; any other
    /// environment its own database beside it (<c>shop_qa</c>, <c>shop_prod</c>), created on first use, so environments
    /// never share a table (as DuckDB's one file per environment). DuckDB: unchanged (the caller picks the file).
    /// </summary>
    public WarehouseOptions ForEnvironment(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        if (Engine != WarehouseEngine.Postgres || string.Equals(environment, "dev", StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Location);
        var database = builder.Database ?? builder.Username ?? "postgres";
        builder.Database = $"{database}_{environment.ToLowerInvariant()}";
        return this with { Location = builder.ConnectionString, CreateIfMissing = true };
    }

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

    /// <summary>A form safe to print: the PostgreSQL password is masked.</summary>
    public override string ToString() => Engine switch
    {
        WarehouseEngine.Postgres => "postgres:" + MaskPassword(Location),
        _ => "duckdb:" + Location,
    };

    private static string MaskPassword(string connectionString) =>
        string.Join(';', connectionString.Split(';').Select(part =>
            part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : part));
}
