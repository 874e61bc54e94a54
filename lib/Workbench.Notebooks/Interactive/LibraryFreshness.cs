using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Workbench.Errors;

namespace Workbench.Notebooks.Interactive;

/// <summary>
/// Guards notebooks against the stale-DLL trap: the library a kernel loaded must be the one built from the sources
/// on disk now, and the file on disk must still be the one the kernel loaded.
/// </summary>
public static class LibraryFreshness
{
    /// <summary>
    /// Checks <paramref name="assembly"/> against the sources it was built from, when it was built from a Workbench
    /// checkout (its DLL in <c>ROOT/artifacts/bin/workbench/</c>, reached directly or through a project's
    /// <c>.workbench/lib</c> link, and its sources in <c>ROOT/lib/NAME/</c>); a library from elsewhere is only checked
    /// against its file on disk.
    /// </summary>
    public static void Check(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var location = assembly.Location;
        if (string.IsNullOrEmpty(location) || !File.Exists(location))
        {
            return;
        }

        var folder = new DirectoryInfo(Path.GetDirectoryName(location)!);
        var real = folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder.FullName;
        var root = Path.GetFullPath(Path.Combine(real, "..", "..", ".."));
        Check(assembly, root);
    }

    public static void Check(Assembly assembly, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var location = assembly.Location;
        if (string.IsNullOrEmpty(location) || !File.Exists(location))
        {
            return;
        }

        if (ReadMvid(location) is { } onDisk && onDisk != assembly.ManifestModule.ModuleVersionId)
        {
            throw new StaleLibraryException(
                $"{Path.GetFileName(location)} was rebuilt after this kernel loaded it, and a kernel cannot unload a library. Restart the kernel (VS Code: 'Restart' in the notebook toolbar) and run the cells again.");
        }

        // Each assembly is compared with its own project's sources (lib/<AssemblyName>/): an incremental build leaves an
        // up-to-date sibling's DLL untouched, so comparing it with every source under lib/ would cry stale wrongly.
        var built = File.GetLastWriteTimeUtc(location);
        var projectFolder = Path.Combine(repositoryRoot, "lib", assembly.GetName().Name ?? string.Empty);
        if (!Directory.Exists(projectFolder))
        {
            return;
        }

        var newer = Directory.EnumerateFiles(projectFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
        if (newer is not null)
        {
            throw new StaleLibraryException(
                $"{Path.GetRelativePath(repositoryRoot, newer)} changed after {Path.GetFileName(location)} was built, so this notebook would run old code. " +
                "Rebuild with `dotnet build lib/Workbench.Cli`, restart the kernel, and run again.");
        }
    }

    private static Guid? ReadMvid(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        var reader = pe.GetMetadataReader();
        return reader.GetGuid(reader.GetModuleDefinition().Mvid);
    }
}

/// <summary>The notebook would run a library older than its sources, or one replaced on disk since it was loaded.</summary>
public sealed class StaleLibraryException(string message) : WorkbenchException(message);
