using System.Diagnostics;
using System.Globalization;

namespace Workbench.Benchmarks;

/// <summary>What every benchmark shares: timing, medians, running processes, finding the repository.</summary>
internal static class Bench
{
    public static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Runs a process to the end; with <paramref name="check"/>, a non-zero exit throws with both outputs.</summary>
    public static void Run(string file, string[] arguments, string workingDirectory, bool check)
    {
        try
        {
            RunCapture(file, arguments, workingDirectory);
        }
        catch (InvalidOperationException) when (!check)
        {
            // the caller does not care how it ended
        }
    }

    /// <summary>Runs a process to the end and returns its standard output; throws with both outputs when it fails.</summary>
    public static string RunCapture(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    public static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Run the benchmark from inside the repository.");
    }

    /// <summary>
    /// The exit code for <paramref name="missed"/> targets: 0 unless <c>--strict</c> was given (a busy machine makes
    /// ratios noisy, so a miss fails a build only when asked); every miss has been printed by then.
    /// </summary>
    public static int Verdict(string[] args, int missed)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (missed == 0)
        {
            return 0;
        }

        var strict = args.Contains("--strict");
        Console.WriteLine($"{missed} target(s) MISSED{(strict ? string.Empty : " (exit code 0: pass --strict to fail on a miss)")}.");
        return strict ? 1 : 0;
    }
}
