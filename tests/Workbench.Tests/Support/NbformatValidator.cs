using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>
/// The reference nbformat validator (Python's nbformat, Debian's python3-nbformat, which .ci/run installs): whether
/// notebooks validate against nbformat's published JSON schema, and carry cell ids (nbformat 4.5).
/// </summary>
public static class NbformatValidator
{
    private const string Script = """
        import sys, nbformat
        problems = []
        for path in sys.argv[1:]:
            nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
            try:
                nbformat.validate(nb, relax_add_props=False)
            except nbformat.ValidationError as e:
                problems.append(f"{path}: {e.message}")
            missing = [i for i, c in enumerate(nb.cells) if "id" not in c]
            if (nb.nbformat, nb.nbformat_minor) < (4, 5) or missing:
                problems.append(f"{path}: not nbformat 4.5 with cell ids (minor {nb.nbformat_minor}, cells without id: {missing})")
        print("\n".join(problems))
        sys.exit(1 if problems else 0)
        """;

    /// <summary>Validates the notebooks; returns the problems (empty: all valid). Fails, saying how to install it, when the validator is missing.</summary>
    public static async Task<string> ProblemsAsync(IEnumerable<string> notebooks)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var notebook in notebooks)
        {
            start.ArgumentList.Add(notebook);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (error.Contains("No module named 'nbformat'", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The reference nbformat validator is missing: apt-get install python3-nbformat (.ci/run installs it).");
        }

        return process.ExitCode == 0 ? string.Empty : (await output) + error;
    }
}
