namespace Workbench.Samples;

/// <summary>One file the generator wrote: the raw table it feeds, its path and its data-row count.</summary>
public sealed record GeneratedFile(string Table, string Path, int Rows);
