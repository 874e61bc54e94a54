using Workbench.Contracts;

namespace Workbench.Cli;

/// <summary>What every command that reads contracts does first: lint them, and stop with every error when there are any.</summary>
internal static class CliContracts
{
    /// <summary>Lints the given contracts ; on errors prints them, says what was not done, and returns null.</summary>
    /// <param name="wholeProject">The paths are the project's contracts folder (no paths given), so relationships must resolve among them.</param>
    public static async Task<LintResult?> LintCleanAsync(string[] paths, string notDone, bool wholeProject = false)
    {
        var lint = ContractLinter.Lint(paths, wholeProject);
        if (!lint.HasErrors)
        {
            return lint;
        }

        foreach (var problem in lint.Problems.Where(x => x.Severity == ProblemSeverity.Error))
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        await Console.Error.WriteLineAsync($"error: the contracts have errors; {notDone}.");
        return null;
    }
}
