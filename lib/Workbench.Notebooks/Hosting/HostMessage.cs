using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workbench.Notebooks.Hosting;

/// <summary>
/// A line of the host's event stream to the parent (JSON, one per line): kernel ready, a cell started, an output,
/// a cell finished. The parent builds the executed notebook from these, so a killed host loses nothing already sent.
/// </summary>
public sealed record HostMessage
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("cell")]
    public int Cell { get; init; } = -1;

    /// <summary>An nbformat output object (for <c>output</c> messages).</summary>
    [JsonPropertyName("output")]
    public JsonObject? Output { get; init; }

    /// <summary>For display updates: the display id whose earlier output this one replaces.</summary>
    [JsonPropertyName("replaces")]
    public string? Replaces { get; init; }

    [JsonPropertyName("ok")]
    public bool Ok { get; init; }

    [JsonPropertyName("ms")]
    public double Milliseconds { get; init; }

    [JsonPropertyName("error")]
    public CellError? Error { get; init; }

    public const string Ready = "ready";
    public const string Started = "started";
    public const string OutputProduced = "output";
    public const string Finished = "finished";
}

/// <summary>Why a cell failed: the exception or compile errors, with positions relative to the cell.</summary>
public sealed record CellError(string Name, string Message, IReadOnlyList<CellDiagnostic> Diagnostics, string? StackTrace);

/// <summary>A compile error in a cell, 1-based line and column.</summary>
public sealed record CellDiagnostic(int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"({Line},{Column}): error {Code}: {Message}";
}
