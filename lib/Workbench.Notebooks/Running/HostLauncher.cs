namespace Workbench.Notebooks.Running;

/// <summary>How to start a notebook host process: a program and the arguments before <c>notebook host PLAN</c>.</summary>
public sealed record HostLauncher(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The <c>workbench</c> command line next to the running code (its bin folder holds Workbench.Cli.dll).</summary>
    public static HostLauncher Default()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Workbench.Cli.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(
                $"The notebook host '{dll}' was not found. Build the command line first: dotnet build lib/Workbench.Cli", dll);
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet))
        {
            var processPath = Environment.ProcessPath;
            dotnet = processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? processPath
                : "dotnet";
        }

        return new HostLauncher(dotnet, [dll]);
    }
}
