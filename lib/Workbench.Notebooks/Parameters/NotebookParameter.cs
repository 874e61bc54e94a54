namespace Workbench.Notebooks.Parameters;

/// <summary>A parameter a notebook declares in its cell tagged <c>parameters</c>.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="TypeName">The declared C# type as written (or inferred from a literal for <c>var</c>).</param>
/// <param name="Type">The supported type, or null when the declaration's type is not one the runner can convert to.</param>
/// <param name="Default">The default expression as written in the cell.</param>
/// <param name="Description">The trailing <c>//</c> comment on the declaration line, if any.</param>
/// <param name="Line">The declaration's 1-based line in the parameters cell.</param>
public sealed record NotebookParameter(string Name, string TypeName, ParameterType? Type, string Default, string? Description, int Line);
