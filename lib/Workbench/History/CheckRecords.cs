using Workbench.Application;
using Workbench.Contracts;
using Workbench.Warehouse;

namespace Workbench.History;

/// <summary>Turns check results into history records: every one, with its failing rows as JSON (already masked).</summary>
public static class CheckRecords
{
    public static IReadOnlyList<CheckRecord> Of(TestsRan ran)
    {
        ArgumentNullException.ThrowIfNull(ran);
        var records = new List<CheckRecord>();
        records.AddRange(ran.DataTests.Select(r => new CheckRecord(r.Test.Name, "data_test", null,
            r.SkipReason is not null ? "skipped" : r.Error is not null ? "error" : r.Passed ? "passed" : r.Test.Severity == Quality.Severity.Error ? "failed" : "warned",
            r.Test.Severity.ToString().ToLowerInvariant(), r.SkipReason is null ? r.FailingRows : null, r.SkipReason is null && r.Error is null ? r.FailingRows : null, Sample(r.Sample), r.Test.Path, r.Error ?? r.SkipReason)));
        records.AddRange(ran.ContractChecks.Select(r => new CheckRecord(r.Check.Name, "contract", r.Check.Table, r.Status.ToString().ToLowerInvariant(), r.Check.Severity,
            r.Measured, r.Check.Measures == "offending rows" && r.Measured is { } m ? (long)m : null, Sample(r.Sample), r.Check.Location.ToString(), r.Outcome)));
        records.AddRange(ran.Mismatches.Select(m => new CheckRecord($"{m.Table}{(m.Column is null ? string.Empty : "." + m.Column)} {m.Kind}", "conformance", m.Table,
            TestsRan.Breaks(m) ? "failed" : "warned", TestsRan.Breaks(m) ? "error" : "warning", null, null, null, m.Location.ToString(), $"expected {m.Expected}, found {m.Actual}")));
        return records;
    }

    /// <summary>The sample rows as a JSON array of objects (column: value), or null when there are none.</summary>
    public static string? Sample(QueryResult sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.RowCount == 0)
        {
            return null;
        }

        var rows = sample.Rows.Select(row => sample.Columns.Select((c, i) => (c.Name, Value: row[i])).DistinctBy(x => x.Name, StringComparer.Ordinal)
            .ToDictionary(x => x.Name, x => x.Value is null ? null : QueryResult.FormatCell(x.Value), StringComparer.Ordinal)).ToList();
        return HistoryJson.Write(rows);
    }
}
