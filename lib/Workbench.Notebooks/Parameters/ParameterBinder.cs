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
                var near = declared.MinBy(p => Distance(Normalize(p.Name), Normalize(name))) is { } closest &&
                    Distance(Normalize(closest.Name), Normalize(name)) <= Math.Max(1, name.Length / 4) ? closest : null;
                problems.Add($"'{name}' is not a parameter of this notebook{(near is null ? string.Empty : $" (did you mean '{near.Name}'?)")}.");
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

    /// <summary>Levenshtein distance, for "did you mean" suggestions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

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
