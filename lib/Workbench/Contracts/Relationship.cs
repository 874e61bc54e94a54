namespace Workbench.Contracts;

/// <summary>A reference between properties: <c>from</c> (implicit at property level) to <c>to</c> (<c>table.column</c>).</summary>
public sealed record Relationship(string? From, string To, string Type, SourceLocation Location);
