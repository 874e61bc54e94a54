using Workbench.Contracts;

namespace Workbench.Loading;

/// <summary>A source column of a raw table: its name, the type values are parsed to, and whether a value is required.</summary>
/// <param name="SqlType">The engine column type (from the contract's physicalType, else mapped from the logical type).</param>
public sealed record RawColumn(string Name, LogicalType Type, string SqlType, bool Required)
{
    /// <summary>Whether the column holds text, so an empty field stays a value to check rather than a failed conversion.</summary>
    public bool IsText => Type is LogicalType.String or LogicalType.Object or LogicalType.Array;
}
