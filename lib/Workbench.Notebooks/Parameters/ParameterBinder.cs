using System.Text;

namespace Workbench.Notebooks.Parameters;

/// <summary>
/// Checks and converts <c>-p name=value</c> strings against a notebook's declared parameters, and writes the
/// C# that assigns them (the injected-parameters cell, run right after the notebook's own parameters cell).
/// </summary>
public static class ParameterBinder
{
    /// <summary>The values converted to their declared types, or an exception listing every problem.</summary>
    public static IReadOnlyList<(NotebookParameter Parameter, object Value)> Bind(
        string notebook, IReadOnlyList<NotebookParameter> declared, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(values);
        var problems = new List<string>();
        var bound = new List<(NotebookParameter, object)>();
        foreach (var (name, text) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var parameter = declared.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))
                ?? declared.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                var near = Workbench.Text.Suggestions.Closest(name, declared.Select(p => p.Name), Normalize);
                problems.Add($"'{name}' is not a parameter of this notebook{(near is null ? string.Empty : $" (did you mean '{near}'?)")}.");
                continue;
            }

            if (parameter.Type is null)
            {
                problems.Add($"'{parameter.Name}' is declared as '{parameter.TypeName}', which the runner cannot convert to; declare it with one of: {string.Join(", ", ParameterType.Supported.Select(t => t.CSharpName))}.");
                continue;
            }

            try
            {
                bound.Add((parameter, parameter.Type.Parse(text)));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                problems.Add($"'{parameter.Name}' is a {parameter.Type.CSharpName}, and '{text}' is not one ({e.Message.TrimEnd('.')}); for example: -p {parameter.Name}={parameter.Type.Example}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new NotebookParameterException(notebook, problems, declared);
        }

        return bound;
    }

    private static string Normalize(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>The injected cell's code: one assignment per bound value, re-declaring with the declared type.</summary>
    public static string ToInjectedCode(IReadOnlyList<(NotebookParameter Parameter, object Value)> bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var code = new StringBuilder("// Parameters injected by the Workbench runner\n");
        foreach (var (parameter, value) in bound)
        {
            code.Append(parameter.Name).Append(" = ").Append(parameter.Type!.ToCSharp(value)).Append(";\n");
        }

        return code.ToString();
    }
}
