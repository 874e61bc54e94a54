using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>Runs the built `workbench` command line (artifacts/bin/workbench) as a user would, capturing its output.</summary>
public static class WorkbenchCommand
{
    public static string Cli { get; } = Path.Combine(Repository.Root, "artifacts", "bin", "workbench", "Workbench.Cli.dll");

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments) =>
        RunWithAsync(Cli, workingDirectory, null, arguments);

    /// <summary>Runs <paramref name="cli"/> (a Workbench.Cli.dll) with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithAsync(
        string cli, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(cli, workingDirectory, environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>How a test starts <paramref name="cli"/> (a Workbench.Cli.dll): in a folder, with extra environment variables, output captured.</summary>
    public static ProcessStartInfo StartInfo(string cli, string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
