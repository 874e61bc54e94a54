namespace Workbench.Models;

/// <summary>A model: one .sql file whose SELECT is materialized as <see cref="Id"/>.</summary>
/// <param name="Id">schema.name, from the file's folder and name.</param>
/// <param name="Path">The file, relative to the project root.</param>
/// <param name="Sql">The SELECT, without the settings header.</param>
/// <param name="BodyStartLine">The file line <see cref="Sql"/> starts on, for mapping engine errors back to the file.</param>
/// <param name="DependsOn">Models this one reads, found in its SQL.</param>
/// <param name="Sources">Source (raw) tables this one reads.</param>
public sealed record SqlModel(
    ModelId Id,
    string Path,
    string Sql,
    int BodyStartLine,
    Materialization Materialization,
    string? Description,
    IReadOnlyList<ModelId> DependsOn,
    IReadOnlyList<string> Sources)
{
    /// <summary>Tags from the header (<c>-- tags: finance, daily</c>), for selecting with <c>tag:finance</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Who answers for the model (a team or a person).</summary>
    public string? Owner { get; init; }

    /// <summary>The columns that identify a row (<c>-- unique_key: order_id</c>), for incremental merges.</summary>
    public IReadOnlyList<string> UniqueKey { get; init; } = [];

    /// <summary>For incremental models: the column whose largest value in the table marks which rows are new.</summary>
    public string? Watermark { get; init; }

    /// <summary>The contract the model must satisfy, when the header names one; otherwise the contract of its table, if any.</summary>
    public string? Contract { get; init; }

    /// <summary>A hash of the file (settings and SQL): what state:modified compares.</summary>
    public string Checksum { get; init; } = string.Empty;
}
