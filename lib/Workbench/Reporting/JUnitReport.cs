using System.Globalization;
using System.Xml.Linq;

namespace Workbench.Reporting;

/// <summary>One JUnit test case: passed when <see cref="Failure"/> is null, unless <see cref="Skipped"/>.</summary>
public sealed record JUnitCase(string Name, string ClassName, TimeSpan Duration, string? Failure = null, string? FailureDetail = null, bool Skipped = false, string? SystemOut = null, string? SkipReason = null);

/// <summary>Writes the JUnit XML that CI systems render: one suite, one case per cell, check or model.</summary>
public static class JUnitReport
{
    public static void Write(string path, string suiteName, IReadOnlyList<JUnitCase> cases, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(cases);
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var suite = new XElement("testsuite",
            new XAttribute("name", suiteName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Failure is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", cases.Count(c => c.Skipped)),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(cases.Sum(c => c.Duration.Ticks)))),
            new XAttribute("timestamp", timestamp.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            cases.Select(c => new XElement("testcase",
                new XAttribute("name", c.Name),
                new XAttribute("classname", c.ClassName),
                new XAttribute("time", Seconds(c.Duration)),
                c.Failure is null ? null : new XElement("failure", new XAttribute("message", c.Failure), c.FailureDetail ?? c.Failure),
                c.Skipped ? new XElement("skipped", c.SkipReason is null ? null : new XAttribute("message", c.SkipReason)) : null,
                c.SystemOut is null ? null : new XElement("system-out", c.SystemOut))));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Text.AtomicFile.Write(path, stream => new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).Save(stream));
    }
}
