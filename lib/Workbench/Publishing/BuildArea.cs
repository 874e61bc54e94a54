using Workbench.Warehouse;

namespace Workbench.Publishing;

/// <summary>
/// Where a build writes: one schema per build (<c>wb_build_ID</c>), apart from the published schemas, so readers of
/// <c>marts</c> never see a half-built or unaudited table. A model's version is named after its published table
/// (<c>marts.fct_orders</c> is <c>wb_build_ID.marts__fct_orders</c>). Published tables are views over versions; a
/// build's schema is dropped once no publication it may be rolled back to needs it.
/// </summary>
public static class BuildArea
{
    public const string SchemaPrefix = "wb_build_";

    public static string SchemaOf(string buildId) => SchemaPrefix + History.RunIds.AsIdentifier(buildId);

    /// <summary>The version of <paramref name="published"/> that build <paramref name="buildId"/> writes.</summary>
    public static TableName VersionOf(string buildId, TableName published) => new(SchemaOf(buildId), $"{published.Schema}__{published.Name}");

    /// <summary>Whether <paramref name="schema"/> is a build's schema.</summary>
    public static bool IsBuildSchema(string schema) => schema.StartsWith(SchemaPrefix, StringComparison.OrdinalIgnoreCase);
}
