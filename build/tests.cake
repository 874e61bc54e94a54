// Runs the test projects and prints the one line CI reads: 'N passed, N failed, N skipped'.
public static void RunTests(ICakeContext context, BuildParameters p)
{
    var resultsDirectory = System.IO.Path.Combine(p.TestResults, "unit");
    if (System.IO.Directory.Exists(resultsDirectory)) System.IO.Directory.Delete(resultsDirectory, recursive: true);
    Exception failure = null;
    try
    {
        context.DotNetTest("./Workbench.sln", new DotNetTestSettings
        {
            Configuration = p.Configuration,
            NoBuild = true,
            NoLogo = true,
            ResultsDirectory = resultsDirectory,
            Loggers = new[] { "trx", "console;verbosity=normal" },
        });
    }
    catch (Exception e)
    {
        failure = e;
    }

    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in System.IO.Directory.Exists(resultsDirectory) ? System.IO.Directory.GetFiles(resultsDirectory, "*.trx", System.IO.SearchOption.AllDirectories) : new string[0])
    {
        var counters = System.Xml.Linq.XDocument.Load(trx).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }

    context.Information($"{passed} passed, {failed} failed, {skipped} skipped");
    if (failure != null || failed > 0 || passed == 0)
    {
        throw new CakeException(1, failure?.Message ?? (passed == 0 ? "no test ran" : $"{failed} test(s) failed"));
    }
}
