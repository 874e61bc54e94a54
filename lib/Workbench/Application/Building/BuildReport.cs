using System.Globalization;
using System.Text;
using Workbench.History;
using Workbench.Models;

namespace Workbench.Application;

/// <summary>One model's line in a build report.</summary>
public sealed record BuildReportLine(string Model, string Status, long? Rows, TimeSpan Duration, string? Detail);

/// <summary>
/// What a build did to the selected models, as a notebook shows it: from a build just run, or, inside a pipeline run,
/// from the build step that already built, audited and published them (<see cref="ForPipelineAsync"/>), so a layer's
/// notebook shows that build instead of building again.
/// </summary>
public sealed record BuildReport(IReadOnlyList<BuildReportLine> Models, string Summary, bool Succeeded)
{
    public static BuildReport Of(ModelsBuilt built)
    {
        ArgumentNullException.ThrowIfNull(built);
        var lines = built.Summary?.Results.Select(r => new BuildReportLine(r.Model.ToString(),
            r.Status == ModelStatus.Succeeded && built.Held.ContainsKey(r.Model) ? "unpublished" : r.Status.ToString().ToLowerInvariant(), r.Rows, r.Duration,
            r.Error ?? (built.Held.TryGetValue(r.Model, out var why) ? why : null))).ToList() ?? [];
        return new BuildReport(lines, built.ToString(), built.Succeeded);
    }

    /// <summary>
    /// The selected models as this session's pipeline run built them (its process was started by a pipeline whose
    /// build step ran), or null: not in a pipeline, or the pipeline has no build step.
    /// </summary>
    public static async Task<BuildReport?> ForPipelineAsync(WorkbenchSession session, IReadOnlyList<string>? select, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Options.Variables(SessionOptions.RunIdVariable) is not { Length: > 0 } runId
            || await new RunHistory(await session.ConnectAsync(cancellationToken)).ShowAsync(runId, cancellationToken) is not { } run)
        {
            return null;
        }

        if (run.Nodes.LastOrDefault(n => n.Kind == "build") is not { } build)
        {
            return null;
        }

        var project = session.Models();
        var selected = session.Select(project, select).Select(id => "model:" + id).ToHashSet(StringComparer.Ordinal);
        var lines = run.Nodes.Where(n => n.Kind == "model" && selected.Contains(n.Node) && n.Step == build.Step)
            .Select(n => new BuildReportLine(n.Node["model:".Length..], n.Status, n.Rows, n.Duration, n.Error)).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Built, audited and {(build.Status == "published" ? "published" : build.Status)} by the pipeline's '{build.Step}' step (run {runId}{(build.Detail is { } publication ? $", publication {publication}" : string.Empty)}); nothing was rebuilt here. Run this notebook on its own to build these models.");
        return new BuildReport(lines, summary, build.Status == "published");
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in Models)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{line.Status.ToUpperInvariant(),-11} {line.Model,-40} {(line.Rows is { } rows ? $"{rows:N0} rows" : string.Empty),-14} {line.Duration.TotalSeconds,6:0.00} s");
            if (line.Detail is { } detail)
            {
                text.AppendLine("            " + detail);
            }
        }

        return text.Append(Summary).AppendLine().ToString();
    }
}
