using System.Diagnostics;
using System.Text;
using Workbench.Tests.Support;

namespace Workbench.Tests.Projects;

/// <summary>A PostgreSQL password reaches the warehouse and nothing else: no output, artifact, executed notebook or process argument.</summary>
public sealed class SecretsTests : TempDirectoryTest
{
    [PostgresTheory]
    [InlineData("Password")]
    [InlineData("PWD")]
    public async Task Pipeline_OnAPasswordProtectedWarehouse_NeverWritesThePassword(string spelling)
    {
        await using var database = await Engines.CreateAsync("postgres", Temp);
        var folder = Path.Combine(Temp.Path, "shop");
        Assert.Equal(0, (await WorkbenchCommand.RunAsync(Temp.Path, "init", folder)).ExitCode);
        var yaml = Path.Combine(folder, "workbench.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml)
            .Replace("environments:\n  dev: {}", $"warehouses:\n  server:\n    engine: postgres\n    connection: '{database.Options.Location}'\n    password: ${{WB_TEST_SECRET}}\nenvironments:\n  dev: {{ warehouse: server }}", StringComparison.Ordinal));
        var secret = "pw-" + Guid.NewGuid().ToString("N")[..12];
        var inline = "pw-" + Guid.NewGuid().ToString("N")[..12];

        var (pipeline, arguments) = await WatchingArgumentsAsync(secret, () =>
            WorkbenchCommand.RunWithAsync(WorkbenchCommand.Cli, folder, new Dictionary<string, string> { ["WB_TEST_SECRET"] = secret }, "pipeline", "run"));
        var models = await WorkbenchCommand.RunAsync(folder, "models", "run", "--warehouse", $"postgres:{database.Options.Location};{spelling}={inline}");

        Assert.True(pipeline.ExitCode == 0, pipeline.Output + pipeline.Error);
        Assert.True(models.ExitCode == 0, models.Output + models.Error);
        Assert.Empty(arguments);
        foreach (var (what, text) in new[] { ("pipeline output", pipeline.Output + pipeline.Error), ("models output", models.Output + models.Error) })
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(inline, StringComparison.Ordinal), $"{what} shows a password:\n{text}");
        }

        var files = Directory.EnumerateFiles(Path.Combine(folder, "artifacts"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".duckdb", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("explore.ipynb", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(inline, StringComparison.Ordinal), $"{file} holds a password");
        }
    }

    /// <summary>Runs <paramref name="run"/> while watching every process's arguments for <paramref name="secret"/>.</summary>
    private static async Task<((int ExitCode, string Output, string Error) Result, List<string> Offending)> WatchingArgumentsAsync(string secret, Func<Task<(int, string, string)>> run)
    {
        var offending = new List<string>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsDigit)))
                {
                    try
                    {
                        var arguments = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(folder, "cmdline"))).Replace('\0', ' ');
                        if (arguments.Contains(secret, StringComparison.Ordinal))
                        {
                            offending.Add(arguments);
                        }
                    }
                    catch (IOException)
                    {
                        // the process ended while we looked
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                await Task.Delay(20);
            }
        });
        var result = await run();
        await stop.CancelAsync();
        await watcher;
        return (result, offending);
    }
}
