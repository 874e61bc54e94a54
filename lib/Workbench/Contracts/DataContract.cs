namespace Workbench.Contracts;

/// <summary>A server (where the data lives) named in a contract.</summary>
public sealed record ContractServer(string Server, string Type, string? Environment, IReadOnlyDictionary<string, object?> Other, SourceLocation Location)
{
    /// <summary>One of the server's own settings (<c>schema</c>, <c>host</c>, <c>database</c>, ...) as text, or null.</summary>
    public string? Setting(string name) =>
        Other.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>An SLA property: freshness/latency, retention and the like.</summary>
public sealed record SlaProperty(string Property, object? Value, string? Unit, string? Element, SourceLocation Location)
{
    /// <summary>Why Workbench does not check this SLA (reported as a skipped check), or null when it does.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Whether this property promises how recent the data is (<c>latency</c>, or <c>freshness</c> as some tools write it).</summary>
    public bool IsFreshness => Property.Equals("latency", StringComparison.OrdinalIgnoreCase) || Property.Equals("freshness", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>table.column</c> elements the property applies to (its own <c>element</c>, else the contract's <c>slaDefaultElement</c>).</summary>
    public IReadOnlyList<string> ElementsOr(string? defaultElement) =>
        (Element ?? defaultElement ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>An ODCS v3 data contract: fundamentals, servers, schema objects with properties and quality rules, SLAs.</summary>
public sealed record DataContract
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Id { get; init; }

    public required string Version { get; init; }

    public required string Status { get; init; }

    public string? Name { get; init; }

    public string? Domain { get; init; }

    public string? DataProduct { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The <c>description</c> block's purpose, usage and limitations.</summary>
    public string? Purpose { get; init; }

    public string? Usage { get; init; }

    public string? Limitations { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<ContractServer> Servers { get; init; } = [];

    public IReadOnlyList<SchemaObject> Schema { get; init; } = [];

    public IReadOnlyList<SlaProperty> SlaProperties { get; init; } = [];

    /// <summary>The <c>table.column</c> SLA properties apply to when they name no element of their own.</summary>
    public string? SlaDefaultElement { get; init; }

    /// <summary>Top-level fields this model does not act on (team, roles, price, support, customProperties, ...), kept as written.</summary>
    public IReadOnlyDictionary<string, object?> Other { get; init; } = new Dictionary<string, object?>();

    public required string File { get; init; }
}
