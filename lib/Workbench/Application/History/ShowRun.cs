using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Errors;
using Workbench.History;

namespace Workbench.Application;

/// <summary>One run from the history (<c>workbench runs show ID</c>): what ran, each node, each check with its failing-row sample.</summary>
public sealed record ShowRun(string Id)
{
    public async Task<RunShown> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var found = session.Warehouse.Options.Exists ? await new RunHistory(await session.ConnectAsync(cancellationToken)).ShowAsync(Id, cancellationToken) : null;
        return found is { } run
            ? new RunShown(run.Run, run.Nodes, run.Checks)
            : throw new UsageException($"No run '{Id}' in the history of {session.Environment} ({session.Warehouse}). List them: workbench runs --env {session.Environment}.");
    }
}

/// <summary>A run with its nodes and checks, as text a person reads.</summary>
public sealed record RunShown(RunRecord Run, IReadOnlyList<NodeRecord> Nodes, IReadOnlyList<CheckRecord> Checks)
{
    public IEnumerable<CheckRecord> Failed => Checks.Where(c => c.Status is "failed" or "error" or "warned");

    public string ToText(int sampleRows = 5, bool passedChecks = true)
    {
        var i = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(i, $"Run {Run.RunId}: {Run.Status}{(Run.Error is null ? string.Empty : " - " + Run.Error)}");
        text.AppendLine(i, $"  command      {Run.Command}");
        text.AppendLine(i, $"  project      {Run.Project} ({Run.Environment}) on {Run.Warehouse}");
        text.AppendLine(i, $"  commit       {Run.GitCommit ?? "(not a git checkout)"}");
        text.AppendLine(i, $"  parameters   {Run.Parameters}");
        text.AppendLine(i, $"  started      {Run.StartedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, {(Run.FinishedAt is { } end ? $"took {(end - Run.StartedAt).TotalSeconds:0.00} s" : "not finished (still running, or killed)")}");
        if (Nodes.Count > 0)
        {
            text.AppendLine(i, $"Nodes ({Nodes.Count}):");
            foreach (var node in Nodes)
            {
                text.AppendLine(i, $"  {node.Status,-12} {node.Node,-44} {(node.Rows is { } rows ? $"{rows:N0} rows" : string.Empty),-14} {node.Duration.TotalSeconds,6:0.00} s{(node.Step is null ? string.Empty : $"  [{node.Step}]")}");
                if (node.Error is { } error)
                {
                    text.AppendLine(i, $"               {error}");
                }
            }
        }

        if (Checks.Count > 0)
        {
            text.AppendLine(i, $"Checks ({Checks.Count}: {Checks.Count(c => c.Status == "passed")} passed, {Failed.Count()} failed or warned, {Checks.Count(c => c.Status == "skipped")} skipped):");
            foreach (var check in Checks.Where(c => passedChecks || c.Status != "passed"))
            {
                text.AppendLine(i, $"  {check.Status,-8} {check.Severity,-5} {check.Name}{(check.Measured is { } m && check.FailingRows is null ? $" (measured {m})" : string.Empty)}{(check.FailingRows is > 0 and var n ? $": {n:N0} failing row(s)" : string.Empty)}");
                if (check.Status != "passed" && check.Message is { } message)
                {
                    text.AppendLine(i, $"           {message}");
                }

                if (check.Status != "passed" && check.Sample is { } sample)
                {
                    foreach (var row in Rows(sample).Take(sampleRows))
                    {
                        text.AppendLine(i, $"           {row}");
                    }
                }
            }
        }

        return text.ToString();
    }

    public override string ToString() => ToText();

    /// <summary>The sample's rows, one line each (<c>column=value, ...</c>).</summary>
    private static IEnumerable<string> Rows(string sample)
    {
        using var document = JsonDocument.Parse(sample);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            yield return sample;
            yield break;
        }

        var rows = document.RootElement.EnumerateArray().Select(row => row.ValueKind == JsonValueKind.Object
            ? string.Join(", ", row.EnumerateObject().Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.Null ? "NULL" : p.Value.ToString())}"))
            : row.ToString()).ToList();
        foreach (var row in rows)
        {
            yield return row;
        }
    }
}
