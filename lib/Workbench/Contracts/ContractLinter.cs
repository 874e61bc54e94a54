namespace Workbench.Contracts;

/// <summary>The contracts found under some paths, with every problem in them and between them.</summary>
public sealed record LintResult(IReadOnlyList<DataContract> Contracts, IReadOnlyList<ContractProblem> Problems, int FilesRead)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Lints contract files together: each file's own problems, plus what only shows across files: a relationship to a
/// table or column no contract defines (an error when the whole project is linted; a warning when only some files are,
/// since the table may be described by a contract not among them), a table two contracts describe.
/// </summary>
public static class ContractLinter
{
    /// <summary>Lints files and folders (folders are searched for <c>*.odcs.yaml</c> and <c>*.odcs.yml</c>).</summary>
    /// <param name="wholeProject">The paths hold every contract of the project, so a relationship to a table none defines is an error.</param>
    public static LintResult Lint(IEnumerable<string> paths, bool wholeProject = false)
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
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var result = ContractParser.ParseFile(file);
            problems.AddRange(result.Problems);
            if (result.Contract is { } contract)
            {
                contracts.Add(contract);
            }
        }

        var tables = new ContractTables(contracts);
        problems.AddRange(tables.Duplicates());
        problems.AddRange(CheckRelationships(tables, wholeProject));
        return new LintResult(contracts, problems.OrderBy(p => p.Location.File, StringComparer.Ordinal).ThenBy(p => p.Location.Line).ThenBy(p => p.Location.Column).ToList(), files.Count);
    }

    private static IEnumerable<ContractProblem> CheckRelationships(ContractTables tables, bool wholeProject)
    {
        var known = tables.All.Select(t => t.Table.Name).Order(StringComparer.Ordinal).ToList();
        var missing = wholeProject ? ProblemSeverity.Error : ProblemSeverity.Warning;
        foreach (var (_, table) in tables.All)
        {
            var links = table.Relationships.Select(r => r)
                .Concat(table.Properties.SelectMany(p => p.Relationships.Select(r => r with { From = [$"{table.Name}.{p.Name}"] })));
            foreach (var link in links)
            {
                foreach (var (end, reference) in link.To.Select(t => ("to", t)).Concat(link.From.Select(f => ("from", f))))
                {
                    if (reference.Contains('/', StringComparison.Ordinal))
                    {
                        yield return new ContractProblem(link.Location, ProblemSeverity.Warning,
                            $"relationship '{end}: {reference}' is an id reference; Workbench resolves table.column references only, so it is not checked.");
                        continue;
                    }

                    var dot = reference.LastIndexOf('.');
                    if (dot <= 0)
                    {
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error, $"relationship '{end}: {reference}' must name a table and a column, as table.column.");
                        continue;
                    }

                    var (tableName, column) = (reference[..dot], reference[(dot + 1)..]);
                    var found = tables.Find(tableName);
                    if (tableName.Contains('.', StringComparison.Ordinal) && found.Count == 1)
                    {
                        yield return new ContractProblem(link.Location, ProblemSeverity.Warning,
                            $"relationship '{end}: {reference}' names the table by its physicalName; the standard's shorthand is table.column with the schema object's name " +
                            $"('{found[0].Table.Name}.{column}'), and validators reject a three-part name. Workbench resolves it either way.");
                    }

                    if (found.Count == 0)
                    {
                        var closest = Text.Suggestions.Closest(tableName, known);
                        yield return new ContractProblem(link.Location, missing,
                            $"relationship '{end}: {reference}' names table '{tableName}', which no {(wholeProject ? "contract of the project" : "contract linted here")} defines" +
                            (wholeProject ? string.Empty : ", so it is not checked") + "." +
                            (closest is not null ? $" Did you mean '{closest}'?" : known.Count <= 20 ? $" Known tables: {string.Join(", ", known)}." : $" Add a contract for it, or fix the name ({known.Count} tables are known)."));
                    }
                    else if (found.Count > 1)
                    {
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error,
                            $"relationship '{end}: {reference}' could mean {string.Join(" or ", found.Select(f => $"{f.Table.TableName} ({f.Contract.File})"))}; name the table by its physicalName.");
                    }
                    else if (!found[0].Table.Properties.Any(p => string.Equals(p.Name, column, StringComparison.OrdinalIgnoreCase) || string.Equals(p.PhysicalName, column, StringComparison.OrdinalIgnoreCase)))
                    {
                        var target = found[0].Table;
                        var closest = Text.Suggestions.Closest(column, target.Properties.Select(p => p.Name));
                        yield return new ContractProblem(link.Location, ProblemSeverity.Error,
                            $"relationship '{end}: {reference}': table '{target.Name}' has no property '{column}'.{(closest is null ? $" Its properties: {string.Join(", ", target.Properties.Select(p => p.Name))}." : $" Did you mean '{closest}'?")}");
                    }
                }
            }
        }
    }
}
