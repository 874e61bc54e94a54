namespace Workbench.Tests.Support;

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests run from inside the repository; Workbench.sln was not found above " + AppContext.BaseDirectory);
    }
}
