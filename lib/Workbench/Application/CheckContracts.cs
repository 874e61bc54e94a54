using Workbench.Contracts;

namespace Workbench.Application;

/// <summary>
/// What a pipeline checks before any data moves: the contracts lint clean, each changed contract's version bump fits
/// its changes (against <see cref="Revision"/>), and the data dictionary is rendered to <c>artifacts/reports</c>.
/// </summary>
public sealed record CheckContracts(string Revision = "HEAD")
{
    public async Task<ContractsChecked> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var folder = session.Project.Contracts;
        var lint = Directory.Exists(folder) ? ContractLinter.Lint([folder], wholeProject: true) : new LintResult([], [], 0);
        foreach (var problem in lint.Problems)
        {
            session.Log(problem.ToString());
        }

        if (lint.HasErrors)
        {
            return new ContractsChecked(lint, [], null);
        }

        var revisions = Directory.Exists(folder) ? await ContractHistory.CompareAsync([folder], Revision, cancellationToken) : [];
        foreach (var revision in revisions)
        {
            session.Log(revision.IsNew ? $"{session.Project.Relative(revision.File)}: new contract (not in {Revision})"
                : revision.Diff is { } diff ? $"{session.Project.Relative(revision.File)}: {diff.OldVersion} -> {diff.NewVersion}, {diff.Changes.Count} change(s), {diff.Changes.Count(c => c.Breaking)} breaking{(diff.VersionProblem is { } p ? ": " + p : string.Empty)}"
                : string.Join(Environment.NewLine, revision.Problems));
        }

        var dictionary = Path.Combine(session.Project.Reports, "data-dictionary.html");
        new RenderDocs([dictionary]).Run(session);
        return new ContractsChecked(lint, revisions, dictionary);
    }
}

/// <summary>The contracts' lint, their comparison with the last commit, and where the dictionary was written.</summary>
public sealed record ContractsChecked(LintResult Lint, IReadOnlyList<ContractRevision> Revisions, string? Dictionary)
{
    public bool Passed => !Lint.HasErrors && Revisions.All(r => r.Problems.Count == 0 && r.Diff?.VersionProblem is null);

    public override string ToString() => Lint.HasErrors
        ? $"the contracts have {Lint.Problems.Count(p => p.Severity == ProblemSeverity.Error)} error(s) (listed above with file:line:column)"
        : Passed ? $"{Lint.FilesRead} contract file(s) clean; versions fit their changes; dictionary at {Dictionary}"
        : "a contract changed without the version bump its changes need (see above)";
}
