using System.Diagnostics;

namespace Workbench.Tests.Support;

/// <summary>
/// A page as a real browser leaves it: Debian's chromium, headless and offline, loads the file, runs its scripts and
/// prints the resulting DOM (and, on request, a screenshot). .ci/run installs chromium.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>What a reader would see wrong in one page's document <c>d</c> shown in a frame <c>w</c> pixels wide.</summary>
    private const string Measure = """
        function problemsOf(d,w){
          const problems=[];
          if(d.documentElement.scrollWidth>w+1)problems.push(`the page is ${d.documentElement.scrollWidth}px wide in a ${w}px window`);
          if((d.body.innerText||'').trim().length<40)problems.push('the page shows (almost) nothing');
          d.querySelectorAll('svg').forEach(s=>{const r=s.getBoundingClientRect();if(r.width===0||r.height===0)problems.push('an svg drew nothing');});
          d.querySelectorAll('.js-plotly-plot').forEach(p=>{if(!p.querySelector('.main-svg'))problems.push('a chart did not draw');});
          return problems.join(' | ')||'none';
        }
        """;

    /// <summary>
    /// Loads <paramref name="pages"/> in one browser, each in a frame of <paramref name="width"/> x <paramref name="height"/>
    /// (a window of that size), and returns, per page, what is wrong: the page wider than the window, nothing shown, a
    /// drawing or chart that drew nothing; "none" when fine. The harness page sits beside the first page, which its
    /// relative paths are resolved from; pages keep their own folders, so their links and resources work.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ProblemsAsync(IReadOnlyList<string> pages, int width = 1280, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var harness = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pages[0]))!, $".measured-{Guid.NewGuid():N}.html");
        var frames = string.Concat(pages.Select((p, i) => $"<iframe id=\"f{i}\" src=\"{new Uri(Path.GetFullPath(p)).AbsoluteUri}\" width=\"{width}\" height=\"{height}\"></iframe>"));
        await File.WriteAllTextAsync(harness, $$$"""
            <!DOCTYPE html><html><body style="margin:0">{{{frames}}}
            <script>{{{Measure}}}
            window.addEventListener('load',()=>{
              const out=[...document.querySelectorAll('iframe')].map(f=>{try{return problemsOf(f.contentDocument,f.clientWidth);}catch(e){return 'not measurable: '+e;}});
              document.body.dataset.problems=JSON.stringify(out);
            });
            </script></body></html>
            """);
        try
        {
            var dom = await DomAfterScriptsAsync(harness, windowSize: $"{width + 40},{height}", extraArguments: ["--allow-file-access-from-files"]);
            var match = System.Text.RegularExpressions.Regex.Match(dom, "data-problems=\"(?<problems>[^\"]*)\"");
            var found = match.Success ? System.Text.Json.JsonSerializer.Deserialize<string[]>(System.Net.WebUtility.HtmlDecode(match.Groups["problems"].Value))! : [];
            return pages.Select((p, i) => (p, i < found.Length ? found[i] : "the measuring script did not run")).ToDictionary(x => x.p, x => x.Item2);
        }
        finally
        {
            File.Delete(harness);
        }
    }

    public static async Task<string> DomAfterScriptsAsync(string htmlFile, string? screenshot = null, string windowSize = "1200,3000", IReadOnlyList<string>? extraArguments = null)
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
            }.Concat(extraArguments ?? []))
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
