using System.Diagnostics;

namespace Workbench.Contracts;

/// <summary>One contract file compared with its version at a git revision.</summary>
/// <param name="Diff">The classified changes, or null when the file is new or a version could not be parsed.</param>
/// <param name="Problems">Parse errors of either version, which stop the comparison.</param>
public sealed record ContractRevision(string File, string Label, bool IsNew, ContractDiff? Diff, IReadOnlyList<ContractProblem> Problems);

/// <summary>
/// Compares contract files with their versions at a git revision (e.g. HEAD), so a breaking change without a major
/// version bump is caught before it lands. Outside a git checkout every contract counts as new.
/// </summary>
public static class ContractHistory
{
    public static async Task<IReadOnlyList<ContractRevision>> CompareAsync(IEnumerable<string> paths, string revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.odcs.y*ml", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal).ToList();
        var results = new List<ContractRevision>();
        var (found, top) = files.Count == 0 ? (1, string.Empty) : await GitAsync(["rev-parse", "--show-toplevel"], Path.GetDirectoryName(Path.GetFullPath(files[0]))!, cancellationToken);
        foreach (var file in files)
        {
            var label = $"{file} ({revision} -> working tree)";
            string? old = null;
            if (found == 0)
            {
                var root = top.Trim();
                var relative = Path.GetRelativePath(root, Path.GetFullPath(file)).Replace('\\', '/');
                var (exitCode, output) = await GitAsync(["show", $"{revision}:{relative}"], root, cancellationToken);
                old = exitCode == 0 ? output : null;
            }

            if (old is null)
            {
                results.Add(new ContractRevision(file, label, true, null, []));
                continue;
            }

            var before = ContractParser.Parse(label + " (old)", old);
            var after = ContractParser.ParseFile(file);
            var problems = before.Problems.Concat(after.Problems).Where(x => x.Severity == ProblemSeverity.Error).ToList();
            results.Add(before.Contract is null || after.Contract is null || problems.Count > 0
                ? new ContractRevision(file, label, false, null, problems)
                : new ContractRevision(file, label, false, ContractDiffer.Diff(before.Contract, after.Contract), []));
        }

        return results;
    }

    private static async Task<(int ExitCode, string Output)> GitAsync(string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, string.Empty); // no git on this machine: nothing to compare with
        }
    }
}
