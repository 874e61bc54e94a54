namespace Workbench.Project;

/// <summary>
/// How a project outside the Workbench repository gets the library its notebooks and scripts use: <c>.workbench/lib</c>
/// is a link to the folder of the Workbench build that runs the project's commands (a copy where links cannot be
/// made), and <c>.workbench/Workbench.props</c> lets C# file-based apps in <c>scripts/</c> reference it. The project
/// pins the version in workbench.yaml (<c>workbench: "0.10"</c>); any other version refuses to run it. <c>.workbench/</c>
/// is machine-local (git-ignored): every <c>workbench</c> command makes sure of it, so a fresh clone needs one command.
/// </summary>
public static class ProjectLibrary
{
    public const string Folder = ".workbench";

    /// <summary>What notebooks reference, relative to the project root.</summary>
    public const string LibraryFolder = ".workbench/lib";

    /// <summary>Links (or copies) <paramref name="libraryFolder"/> into the project, unless it already points there.</summary>
    /// <returns>True when something was written.</returns>
    public static bool Ensure(WorkbenchProject project, string libraryFolder)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(libraryFolder);
        if (project.IsWorkbenchRepository)
        {
            return false; // the repository's notebooks reference its own build folder
        }

        var folder = Path.Combine(project.Root, Folder);
        var link = Path.Combine(project.Root, LibraryFolder);
        var target = Path.GetFullPath(libraryFolder).TrimEnd(Path.DirectorySeparatorChar);
        var props = Path.Combine(folder, "Workbench.props");
        var current = Directory.Exists(link) ? new DirectoryInfo(link).LinkTarget : null;
        if (current is not null && string.Equals(Path.GetFullPath(current).TrimEnd(Path.DirectorySeparatorChar), target, StringComparison.Ordinal) && File.Exists(props))
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        if (current is not null || File.Exists(link))
        {
            File.Delete(link);
        }
        else if (Directory.Exists(link))
        {
            Directory.Delete(link, recursive: true);
        }

        try
        {
            Directory.CreateSymbolicLink(link, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            Copy(target, link); // no links here (Windows without developer mode): a copy of the build works the same
        }

        File.WriteAllText(props, """
            <Project>
              <!-- Written by workbench: lets C# file-based apps (dotnet run scripts/x.cs) use the Workbench library in .workbench/lib. -->
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="$(MSBuildThisFileDirectory)lib/Workbench.dll" />
                <None Include="$(MSBuildThisFileDirectory)lib/*.dll;$(MSBuildThisFileDirectory)lib/*.so;$(MSBuildThisFileDirectory)lib/*.dylib" Exclude="$(MSBuildThisFileDirectory)lib/Workbench.dll" CopyToOutputDirectory="PreserveNewest" Visible="false" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(folder, ".gitignore"), "# Machine-local: the Workbench build this checkout uses. Any workbench command writes it again.\n*\n");
        return true;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
