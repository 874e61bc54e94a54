using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>
/// A page as a real browser leaves it: Debian's chromium, headless and offline, loads the file, runs its scripts and
/// prints the resulting DOM (and, on request, a screenshot). .ci/run installs chromium.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The script <see cref="ProblemsAsync"/> adds to a page: what a reader would see wrong, into the body's data-problems.</summary>
    private const string Measure = """
        <script>
        window.addEventListener('load',()=>{
          const problems=[];
          if(document.documentElement.scrollWidth>window.innerWidth+1)problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
          if((document.body.innerText||'').trim().length<40)problems.push('the page shows (almost) nothing');
          document.querySelectorAll('svg').forEach(s=>{const r=s.getBoundingClientRect();if(r.width===0||r.height===0)problems.push('an svg drew nothing');});
          document.querySelectorAll('.js-plotly-plot').forEach(p=>{if(!p.querySelector('.main-svg'))problems.push('a chart did not draw');});
          document.body.dataset.problems=problems.join(' | ')||'none';
        });
        </script>
        """;

    /// <summary>
    /// Loads a copy of <paramref name="htmlFile"/> (beside it, so its relative links work) with a measuring script and
    /// returns what is wrong: the page wider than the window, nothing shown, a drawing or chart that drew nothing; "none" when fine.
    /// </summary>
    public static async Task<string> ProblemsAsync(string htmlFile, string windowSize = "1280,900")
    {
        var measured = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(htmlFile))!, $".measured-{Guid.NewGuid():N}.html");
        var html = await File.ReadAllTextAsync(htmlFile);
        var at = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        await File.WriteAllTextAsync(measured, at < 0 ? html + Measure : html.Insert(at, Measure));
        try
        {
            var dom = await DomAfterScriptsAsync(measured, windowSize: windowSize);
            var match = System.Text.RegularExpressions.Regex.Match(dom, "data-problems=\"(?<problems>[^\"]*)\"");
            return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups["problems"].Value) : "the measuring script did not run";
        }
        finally
        {
            File.Delete(measured);
        }
    }

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
