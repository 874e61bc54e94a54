namespace Workbench.Models.Testing;

/// <summary>
/// A model unit test: fixture rows for some of a model's inputs, and the rows its output must hold (only the columns the
/// expectation names are compared, in any order). Written in YAML under <c>sql/unit/</c>.
/// </summary>
public sealed record ModelUnitTest(
    string Name,
    string File,
    ModelId Model,
    string? Description,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string?>>> Given,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Expect);

/// <summary>A unit test's outcome: passed, or the rows that were missing and the rows that were not expected.</summary>
public sealed record ModelUnitTestResult(ModelUnitTest Test, bool Passed, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, string? Error)
{
    public override string ToString() => Passed
        ? $"PASS {Test.Name} ({Test.Model})"
        : $"FAIL {Test.Name} ({Test.Model}, {Test.File}): " + (Error ?? string.Join(Environment.NewLine,
            Missing.Select(m => "  expected but missing: " + m).Concat(Unexpected.Select(u => "  returned but not expected: " + u)).Prepend(string.Empty)));
}
