namespace Workbench.History;

/// <summary>The commit a project's files are at, read from <c>.git</c> (no git process): for the run history.</summary>
public static class GitCommit
{
    /// <summary>The commit id checked out in the repository holding <paramref name="folder"/>, or null outside one.</summary>
    public static string? Of(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (File.Exists(git) && File.ReadAllText(git).Trim() is var link && link.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                return Read(Path.GetFullPath(link[7..].Trim(), dir.FullName));
            }

            if (Directory.Exists(git))
            {
                return Read(git);
            }
        }

        return null;
    }

    private static string? Read(string git)
    {
        var headFile = Path.Combine(git, "HEAD");
        if (!File.Exists(headFile))
        {
            return null;
        }

        var head = File.ReadAllText(headFile).Trim();
        if (!head.StartsWith("ref: ", StringComparison.Ordinal))
        {
            return head; // a detached HEAD holds the commit itself
        }

        var reference = head[5..];
        var common = File.Exists(Path.Combine(git, "commondir")) ? Path.GetFullPath(File.ReadAllText(Path.Combine(git, "commondir")).Trim(), git) : git;
        foreach (var root in new[] { git, common })
        {
            var loose = Path.Combine(root, reference);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }

            var packed = Path.Combine(root, "packed-refs");
            if (File.Exists(packed) && File.ReadLines(packed).FirstOrDefault(l => l.EndsWith(" " + reference, StringComparison.Ordinal)) is { } line)
            {
                return line[..line.IndexOf(' ', StringComparison.Ordinal)];
            }
        }

        return null;
    }
}
