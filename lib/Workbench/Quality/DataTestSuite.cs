using Workbench.Errors;
using Workbench.Models;

namespace Workbench.Quality;

/// <summary>Reads checks from .sql files (one check per file) with an optional <c>-- severity: error|warning</c> header.</summary>
public static class DataTestSuite
{
    private static readonly string[] AllowedKeys = ["severity", "description"];

    public static IReadOnlyList<DataTest> Load(string projectRoot, string testsFolder)
    {
        var root = Path.GetFullPath(projectRoot);
        var folder = Path.GetFullPath(testsFolder, root);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The data-test folder '{folder}' does not exist.");
        }

        return Directory.GetFiles(folder, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var header = SqlFileHeader.Parse(relative, File.ReadAllText(file), AllowedKeys);
            var severityText = header.Get("severity") ?? "error";
            var severity = severityText.ToLowerInvariant() switch
            {
                "error" => Severity.Error,
                "warn" or "warning" => Severity.Warning,
                _ => throw new SqlFileException(relative, header.LineOf("severity"), 1, $"severity is '{severityText}'; use error or warning."),
            };
            if (header.Body.Length == 0)
            {
                throw new SqlFileException(relative, header.BodyStartLine, 1, "the check has no SQL; write a SELECT that returns the offending rows.");
            }

            if (Sql.SqlQueryGuard.Check(header.Body, "a data test") is { } problem)
            {
                throw new SqlFileException(relative, header.BodyStartLine + problem.Line - 1, problem.Column, problem.Message);
            }

            return new DataTest(Path.GetFileNameWithoutExtension(file), relative, header.Body.TrimEnd().TrimEnd(';'), severity, header.Get("description"), header.BodyStartLine);
        }).ToList();
    }
}
