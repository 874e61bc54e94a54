using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>
/// A small disk of its own (a tmpfs mounted on a temporary folder), to fill up: what a full disk does to a load, a build
/// or its artifacts. Needs root (CI runs as root); see <see cref="SmallDiskFactAttribute"/>.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static bool CanMount => Environment.UserName == "root" && OperatingSystem.IsLinux();

    public static SmallDisk Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("wb-small-disk-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Fills the disk with a file of <paramref name="bytes"/> (all of it, or until it is full when null), to free later.</summary>
    public string Fill(string name, long? bytes = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var file = File.Create(path);
        var block = new byte[1 << 16];
        try
        {
            for (long written = 0; bytes is null || written < bytes; written += block.Length)
            {
                file.Write(block, 0, (int)Math.Min(block.Length, (bytes ?? long.MaxValue) - written));
            }
        }
        catch (IOException)
        {
            // full
        }

        return path;
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {error}");
        }
    }
}

/// <summary>A test that mounts a <see cref="SmallDisk"/>: skipped, saying why, when not root outside CI (on CI it must run).</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (!SmallDisk.CanMount && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "mounts a small tmpfs to fill up: needs root on Linux (CI runs as root)";
        }
    }
}
