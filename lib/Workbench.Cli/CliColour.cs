using System.Text.RegularExpressions;

namespace Workbench.Cli;

/// <summary>
/// Colour on a terminal: the verdict that starts a line (PASS, FAIL, WARN, SKIP, SUCCEEDED, error:, ...) and a pipeline
/// step's ok or FAILED, so a person sees at a glance what failed. Never in CI, a pipe or a file, or with NO_COLOR set,
/// where logs and tools read plain text; FORCE_COLOR (or WORKBENCH_COLOR=always) turns it on anyway.
/// </summary>
internal static partial class CliColour
{
    private const string Reset = "\u001b[0m";

    /// <summary>Whether a stream gets colour: forced, or a terminal outside CI without NO_COLOR.</summary>
    public static bool For(bool redirected, Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrEmpty(variable("NO_COLOR")))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(variable("FORCE_COLOR")) || string.Equals(variable("WORKBENCH_COLOR"), "always", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !redirected && !string.Equals(variable("CI"), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The text with each line's verdict coloured (lines are kept as they are otherwise).</summary>
    public static string Apply(string text) =>
        PipelineVerdict().Replace(LineVerdict().Replace(text, m => m.Groups["indent"].Value + Paint(m.Groups["word"].Value)), m => Paint(m.Groups["word"].Value) + m.Groups["rest"].Value);

    private static string Paint(string word) => (word.TrimEnd(':') switch
    {
        "PASS" or "SUCCEEDED" or "PUBLISH" or "ok" => "\u001b[32m",
        "FAIL" or "FAILED" or "ERROR" or "error" => "\u001b[1;31m",
        "WARN" or "warning" => "\u001b[33m",
        _ => "\u001b[90m",
    }) + word + Reset;

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?<word>PASS|FAIL|FAILED|WARN|SKIP|SKIPPED|SUCCEEDED|PUBLISH|ERROR|error:|warning:|note:)(?=\s|$)", RegexOptions.Multiline)]
    private static partial Regex LineVerdict();

    [GeneratedRegex(@"(?<=^\[pipeline\] \S+ )(?<word>ok|FAILED)(?<rest> in )", RegexOptions.Multiline)]
    private static partial Regex PipelineVerdict();
}
