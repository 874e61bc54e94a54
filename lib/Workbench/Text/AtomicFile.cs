namespace Workbench.Text;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it, then renamed over it. A reader never sees half
/// a file, and a write that fails (a full disk) leaves neither a truncated file nor, silently, the previous run's one:
/// with <c>removePreviousOnFailure</c> the previous file is removed too, so a failed run cannot look like the last good one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, bool removePreviousOnFailure = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            if (removePreviousOnFailure)
            {
                TryDelete(path); // an older result must not stand in for this run's
            }

            throw new ArtifactWriteException(path, $"Could not write {path}: {e.Message.TrimEnd('.')}. Nothing of this run was kept there{(removePreviousOnFailure ? ", and the previous file was removed so it is not mistaken for this run's" : string.Empty)}. Free space or fix the folder's permissions, then run again.", e);
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            writer.Write(text);
        });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the error that matters is the one being reported
        }
    }
}

/// <summary>A file Workbench writes (an artifact, a report, an executed notebook) could not be written: a full disk, a folder without permission.</summary>
public sealed class ArtifactWriteException(string path, string message, Exception innerException) : IOException(message, innerException)
{
    /// <summary>The file that could not be written.</summary>
    public string Path { get; } = path;
}
