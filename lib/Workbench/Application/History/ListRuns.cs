using System.Globalization;
using System.Text;
using Workbench.History;

namespace Workbench.Application;

/// <summary>The latest runs kept in this environment's warehouse (<c>workbench runs</c>), newest first.</summary>
public sealed record ListRuns(int Limit = 20, bool AllEnvironments = false)
{
    public async Task<RunsListed> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.Warehouse.Options.Exists)
        {
            return new RunsListed(session.Environment, []);
        }

        var runs = await new RunHistory(await session.ConnectAsync(cancellationToken)).ListAsync(Limit, AllEnvironments ? null : session.Environment, cancellationToken);
        return new RunsListed(session.Environment, runs);
    }
}

/// <summary>Runs, one line each: id, start, duration, status, command, commit.</summary>
public sealed record RunsListed(string Environment, IReadOnlyList<RunRecord> Runs)
{
    public override string ToString()
    {
        if (Runs.Count == 0)
        {
            return $"No runs recorded for {Environment} yet (the history is kept in the warehouse's audit schema by every build, load, test and pipeline).";
        }

        var text = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        text.AppendLine(i, $"{"RUN",-22} {"STARTED (UTC)",-19} {"TOOK",8} {"STATUS",-10} {"ENV",-6} {"COMMIT",-8} COMMAND");
        foreach (var run in Runs)
        {
            var took = run.FinishedAt is { } end ? $"{(end - run.StartedAt).TotalSeconds:0.0} s" : "-";
            text.AppendLine(i, $"{run.RunId,-22} {run.StartedAt:yyyy-MM-dd HH:mm:ss} {took,8} {run.Status,-10} {run.Environment,-6} {(run.GitCommit is { Length: >= 8 } c ? c[..8] : run.GitCommit ?? "-"),-8} {run.Command}");
        }

        text.Append(i, $"{Runs.Count} run(s). Show one: workbench runs show ID (a prefix is enough).");
        return text.ToString();
    }
}
