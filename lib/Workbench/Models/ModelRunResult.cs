namespace Workbench.Models;

/// <summary>What happened to one model in a run.</summary>
public sealed record ModelRunResult(ModelId Model, ModelStatus Status, long? Rows, TimeSpan Duration, string? Error, Exception? Exception = null);
