using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>
/// A page as a real browser leaves it: Debian's chromium, headless and offline, loads the file, runs its scripts and
/// prints the resulting DOM (and, on request, a screenshot). .ci/run installs chromium.
/// </summary>
public static class HeadlessChromium
{
    public static async Task<string> DomAfterScriptsAsync(string htmlFile, string? screenshot = null, string windowSize = "1200,3000")
    {
        var browser = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: apt-get install chromium (.ci/run installs it).");
        var profile = Directory.CreateTempSubdirectory("wb-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--proxy-server=127.0.0.1:9",
                $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", $"--window-size={windowSize}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(screenshot is null ? "--dump-dom" : $"--screenshot={screenshot}");
            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(patience.Token);
            return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await errors}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
