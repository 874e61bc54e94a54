namespace Workbench.Project;

/// <summary>The folders of a Workbench repository, found from any folder inside it.</summary>
public sealed record WorkbenchProject(string Root)
{
    public string Data => Path.Combine(Root, "data");

    public string SampleData => Path.Combine(Root, "data", "sample");

    public string Sql => Path.Combine(Root, "sql");

    public string SqlTests => Path.Combine(Root, "sql", "tests");

    public string Artifacts => Path.Combine(Root, "artifacts");

    public string TestResults => Path.Combine(Root, "artifacts", "test-results");

    public string Reports => Path.Combine(Root, "artifacts", "reports");

    /// <summary>Walks up from <paramref name="start"/> to the folder holding Workbench.sln.</summary>
    public static WorkbenchProject Find(string? start = null)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(start ?? Directory.GetCurrentDirectory()));
        for (var d = directory; d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
            {
                return new WorkbenchProject(d.FullName);
            }
        }

        throw new DirectoryNotFoundException(
            $"'{directory.FullName}' is not inside a Workbench repository (no Workbench.sln above it). Open the notebook from the repository, or pass its root.");
    }
}
