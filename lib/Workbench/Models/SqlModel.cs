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
    IReadOnlyList<string> Sources);
