using System.Diagnostics;
using System.Globalization;
using Workbench.Application;
using Workbench.Errors;
using Workbench.Notebooks.Documents;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Running;
using Workbench.Project;

namespace Workbench.Notebooks.Pipeline;

/// <summary>
/// Run the project's pipeline (workbench.yaml <c>pipeline:</c>), in order, stopping at the first step that fails and
/// naming it. Notebook steps run headlessly, each in its own process, getting the environment and the project's
/// <c>vars</c> for the parameters they declare; the warehouse reaches them through an environment variable, never an
/// argument. Every other step is the same application operation the command line runs.
/// </summary>
/// <param name="Only">Run just these steps (by name), in pipeline order.</param>
/// <param name="Vars">Values that replace the project's vars for this run (e.g. runDate, scale).</param>
public sealed record RunPipeline(IReadOnlyList<string>? Only = null, IReadOnlyDictionary<string, string>? Vars = null, TimeSpan? CellTimeout = null, TimeSpan? NotebookTimeout = null)
{
    /// <summary>The var that holds the run's logical date (yyyy-MM-dd): snapshots, freshness and source arrival follow it.</summary>
    public const string RunDateVariable = Workbench.Project.ProjectSettings.RunDateVariable;

    public async Task<PipelineRan> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = session.Project;
        var steps = project.Settings.Pipeline;
        if (Only is { Count: > 0 } only)
        {
            var unknown = only.Where(o => !steps.Any(s => s.Name == o)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"{string.Join(", ", unknown)}: no such step in the pipeline of {project.Name} ({string.Join(", ", steps.Select(s => s.Name))}).");
            }

            steps = steps.Where(s => only.Contains(s.Name)).ToList();
        }

        var vars = new Dictionary<string, string>(project.Settings.Vars, StringComparer.Ordinal);
        foreach (var (key, value) in Vars ?? new Dictionary<string, string>())
        {
            vars[key] = value;
        }

        DateOnly? runDate = null;
        if (vars.TryGetValue(RunDateVariable, out var text))
        {
            runDate = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new ArgumentException($"{RunDateVariable}={text}: write the date as yyyy-MM-dd, e.g. 2024-06-30.");
        }

        var ran = new List<StepRan>();
        await using var run = await session.BeginRunAsync("pipeline", new Dictionary<string, object?> { ["steps"] = Only, ["vars"] = vars }, cancellationToken);
        foreach (var step in steps)
        {
            if (ran.FirstOrDefault(r => !r.Succeeded) is { } stopped)
            {
                ran.Add(new StepRan(step, StepStatus.NotRun, TimeSpan.Zero, null, MarkNotRun(session, step, stopped.Step.Name, run.RunId)));
                continue;
            }

            session.Log($"[pipeline] {step.Name}: {Describe(step)}");
            var clock = Stopwatch.StartNew();
            string? failure;
            string? output = null;
            session.CurrentStep = step.Name;
            try
            {
                (failure, output) = await RunStepAsync(session, step, vars, runDate, run.RunId, cancellationToken);
            }
            catch (WorkbenchException e)
            {
                failure = e.Message;
            }
            finally
            {
                session.CurrentStep = null;
            }

            var result = new StepRan(step, failure is null ? StepStatus.Succeeded : StepStatus.Failed, clock.Elapsed, failure is null ? null : session.Masker.Apply(failure), output);
            ran.Add(result);
            // Recorded even when the pipeline is being stopped: the history says how far it got.
            await run.NodeAsync(new History.NodeRecord("step:" + step.Name, "step", result.Succeeded ? "succeeded" : "failed", null, result.Duration, result.Failure, output) { Step = step.Name }, CancellationToken.None);
            session.Log($"[pipeline] {step.Name} {(result.Succeeded ? "ok" : "FAILED")} in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        }

        var pipeline = new PipelineRan(project.Name, session.Environment, ran) { RunId = run.RunId };
        session.Log($"[pipeline] the run's pages: {RunSite.Write(session, pipeline, DateTimeOffset.UtcNow)}");
        await run.FinishAsync(pipeline.Succeeded, pipeline.Succeeded ? null : pipeline.ToString(), CancellationToken.None);
        return pipeline;
    }

    private async Task<(string? Failure, string? Output)> RunStepAsync(WorkbenchSession session, PipelineStep step, Dictionary<string, string> vars, DateOnly? runDate, string runId, CancellationToken cancellationToken)
    {
        var endOfRunDate = runDate?.AddDays(1).ToDateTime(TimeOnly.MinValue);
        switch (step.Kind)
        {
            case PipelineStepKind.Contracts:
                var contracts = await new CheckContracts().RunAsync(session, cancellationToken);
                return (contracts.Passed ? null : contracts.ToString(), contracts.Dictionary);
            case PipelineStepKind.UnitTests:
                var junit = Path.Combine(session.TestResults, "model-unit-tests.xml");
                var unit = await new RunUnitTests(step.Select, JUnitFile: junit).RunAsync(session, cancellationToken);
                return (unit.Failed == 0 ? null : $"{unit}: fix the model or the test before building data", junit);
            case PipelineStepKind.Load:
                var loaded = await new LoadSources(RunDate: runDate).RunAsync(session, cancellationToken);
                session.Log(loaded.ToString());
                return (null, null);
            case PipelineStepKind.Build:
                var built = await new Build(step.Select, SnapshotTime: endOfRunDate, AsOf: endOfRunDate).RunAsync(session, cancellationToken);
                session.Log(built.ToString());
                try
                {
                    built.EnsureSucceeded();
                }
                catch (WorkbenchException e)
                {
                    return (e.Message, session.RunResults);
                }

                return (null, session.RunResults);
            case PipelineStepKind.Test:
                var tested = await new RunTests(step.Select, AsOf: endOfRunDate).RunAsync(session, cancellationToken);
                session.Log(tested.ToString());
                try
                {
                    tested.EnsurePassed();
                }
                catch (WorkbenchException e)
                {
                    return (e.Message, session.TestResults);
                }

                return (tested.Passed ? null : tested.ToString(), session.TestResults);
            default:
                return await RunNotebookAsync(session, step, vars, runId, cancellationToken);
        }
    }

    private async Task<(string? Failure, string? Output)> RunNotebookAsync(WorkbenchSession session, PipelineStep step, Dictionary<string, string> vars, string runId, CancellationToken cancellationToken)
    {
        await session.CloseAsync(); // an embedded warehouse allows one writer: the notebook's process
        var notebook = session.Project.Resolve(step.Notebook!);
        if (!File.Exists(notebook))
        {
            throw new FileNotFoundException($"Pipeline step {step.Name} ({step.At}): the notebook {step.Notebook} does not exist.", notebook);
        }

        var declared = ParameterCellParser.Parse(NotebookDocument.Load(notebook)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var parameters = vars.Where(v => declared.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (declared.Contains("env"))
        {
            parameters["env"] = session.Environment;
        }

        var environment = new Dictionary<string, string> { ["WORKBENCH_HEADLESS"] = "1", [SessionOptions.RunIdVariable] = runId, [SessionOptions.StepVariable] = step.Name };
        if (session.WarehouseChoice is { } choice)
        {
            environment[SessionOptions.WarehouseVariable] = choice;
        }

        var output = Path.Combine(session.Project.Artifacts, step.Output ?? "notebooks");
        var result = await NotebookRunner.RunAsync(
            new NotebookRunOptions(notebook, output, parameters, CellTimeout, NotebookTimeout, session.TestResults)
            {
                Progress = session.Log,
                Environment = environment,
                Masker = session.Masker,
                SiteIndex = RunSite.IndexPath(session),
            },
            cancellationToken);
        return (result.Failure is { } failure ? $"{failure.Describe(result.Notebook)}{Environment.NewLine}  The executed notebook, failing cell marked: {result.HtmlPath}" : null, result.HtmlPath);
    }

    /// <summary>
    /// A notebook step that did not run replaces its previous outputs with a page saying so, and removes its previous
    /// executed notebook and JUnit, so last run's green page never stands for this run.
    /// </summary>
    private static string? MarkNotRun(WorkbenchSession session, PipelineStep step, string failedStep, string runId)
    {
        if (step.Kind != PipelineStepKind.Notebook || step.Notebook is null)
        {
            return null;
        }

        var name = Path.GetFileNameWithoutExtension(step.Notebook);
        var output = Path.Combine(session.Project.Artifacts, step.Output ?? "notebooks");
        foreach (var stale in new[] { Path.Combine(output, name + ".ipynb"), Path.Combine(session.TestResults, name + ".junit.xml") })
        {
            File.Delete(stale);
        }

        var html = Path.Combine(output, name + ".html");
        var text = System.Net.WebUtility.HtmlEncode($"{name} did not run in pipeline run {runId}: step '{failedStep}' failed before it. Its previous results were removed; see the failed step's output.");
        Workbench.Text.AtomicFile.WriteText(html, $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{name}: not run</title></head>\n<body><div style=\"background:#fff4e5;border-left:6px solid #ef6c00;padding:8px 12px\"><b>Not run.</b> {text}</div></body></html>\n");
        return html;
    }

    private static string Describe(PipelineStep step) => step.Kind switch
    {
        PipelineStepKind.Notebook => $"notebook {step.Notebook}",
        PipelineStepKind.UnitTests => "model unit tests",
        _ => step.Kind.ToString().ToLowerInvariant() + (step.Select.Count > 0 ? " --select " + string.Join(' ', step.Select) : string.Empty),
    };
}

public enum StepStatus
{
    Succeeded,
    Failed,

    /// <summary>Not run, because an earlier step failed.</summary>
    NotRun,
}

/// <summary>One step's outcome: how long it took, why it failed, and its main output (an executed notebook, a report).</summary>
public sealed record StepRan(PipelineStep Step, StepStatus Status, TimeSpan Duration, string? Failure, string? Output)
{
    public bool Succeeded => Status == StepStatus.Succeeded;
}

/// <summary>What a pipeline run did, step by step.</summary>
public sealed record PipelineRan(string Project, string Environment, IReadOnlyList<StepRan> Steps)
{
    /// <summary>The run the history keeps this pipeline under (its steps are its nodes).</summary>
    public string? RunId { get; init; }

    public bool Succeeded => Steps.All(s => s.Succeeded);

    public StepRan? FailedStep => Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);

    public override string ToString()
    {
        if (FailedStep is { } failed)
        {
            return $"Pipeline of {Project} ({Environment}) FAILED at step '{failed.Step.Name}': {failed.Failure}{System.Environment.NewLine}" +
                $"Completed before it: {(Steps.TakeWhile(s => s.Succeeded).Any() ? string.Join(", ", Steps.TakeWhile(s => s.Succeeded).Select(s => s.Step.Name)) : "nothing")}. " +
                $"Not run: {string.Join(", ", Steps.Where(s => s.Status == StepStatus.NotRun).Select(s => s.Step.Name).DefaultIfEmpty("nothing"))}.";
        }

        return $"Pipeline of {Project} ({Environment}) succeeded: {string.Join(", ", Steps.Select(s => $"{s.Step.Name} {s.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"))}.";
    }
}
