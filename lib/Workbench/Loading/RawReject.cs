namespace Workbench.Loading;

/// <summary>A source row that could not be loaded, kept with everything needed to find and fix it.</summary>
public sealed record RawReject(long SourceRow, long SourceLine, string RawText, string? Column, string Reason);
