namespace Workbench.Contracts;

/// <summary>The contracts found under some paths, with every problem in them and between them.</summary>
public sealed record LintResult(IReadOnlyList<DataContract> Contracts, IReadOnlyList<ContractProblem> Problems, int FilesRead)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Lints contract files together: each file's own problems, plus what only shows across files, such as a
/// relationship to a table or column that no contract defines.
/// </summary>
public static class ContractLinter
{
    /// <summary>Lints files and folders (folders are searched for <c>*.odcs.yaml</c> and <c>*.odcs.yml</c>).</summary>
    public static LintResult Lint(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var problems = new List<ContractProblem>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.odcs.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                problems.Add(new ContractProblem(new SourceLocation(path, 0, 0), ProblemSeverity.Error, "no such file or folder."));
            }
        }

        var contracts = new List<DataContract>();
        foreach (var file in files)
        {
            var result = ContractParser.ParseFile(file);
            problems.AddRange(result.Problems);
            if (result.Contract is { } contract)
            {
                contracts.Add(contract);
            }
        }

        problems.AddRange(CheckRelationships(contracts));
        return new LintResult(contracts, problems.OrderBy(p => p.Location.File, StringComparer.Ordinal).ThenBy(p => p.Location.Line).ThenBy(p => p.Location.Column).ToList(), files.Count);
    }

    private static IEnumerable<ContractProblem> CheckRelationships(IReadOnlyList<DataContract> contracts)
    {
        var tables = contracts.SelectMany(c => c.Schema)
            .GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var table in contracts.SelectMany(c => c.Schema))
        {
            var links = table.Relationships.Select(r => r)
                .Concat(table.Properties.SelectMany(p => p.Relationships.Select(r => r with { From = [$"{table.Name}.{p.Name}"] })));
            foreach (var link in links)
            {
                foreach (var (end, reference) in link.To.Select(t => ("to", t)).Concat(link.From.Select(f => ("from", f))))
                {
                    var dot = reference.LastIndexOf('.');
                    if (dot <= 0)
                    {
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error, $"relationship '{end}: {reference}' must name a table and a column, as table.column.");
                        continue;
                    }

                    var (tableName, column) = (reference[..dot], reference[(dot + 1)..]);
                    if (!tables.TryGetValue(tableName, out var target))
                    {
                        var closest = Text.Suggestions.Closest(tableName, tables.Keys);
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error,
                            $"relationship '{end}: {reference}' names table '{tableName}', which no contract defines.{(closest is not null ? $" Did you mean '{closest}'?" : tables.Count <= 20 ? $" Known tables: {string.Join(", ", tables.Keys.Order(StringComparer.Ordinal))}." : $" Add a contract for it, or fix the name ({tables.Count} tables are known).")}");
                    }
                    else if (!target.Properties.Any(p => string.Equals(p.Name, column, StringComparison.OrdinalIgnoreCase)))
                    {
                        var closest = Text.Suggestions.Closest(column, target.Properties.Select(p => p.Name));
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error,
                            $"relationship '{end}: {reference}': table '{target.Name}' has no property '{column}'.{(closest is null ? $" Its properties: {string.Join(", ", target.Properties.Select(p => p.Name))}." : $" Did you mean '{closest}'?")}");
                    }
                }
            }
        }
    }
}
