using Workbench.Errors;
using Workbench.History;

namespace Workbench.Application;

/// <summary>
/// What an operation records in the run history: its nodes and checks, into the session's run. The first operation
/// of a session starts the run (or joins the pipeline run its process was started for, through
/// <see cref="SessionOptions.RunIdVariable"/>); operations inside it add to the same run. A warehouse the history cannot
/// be written to (read-only) is noted once and the operation goes on.
/// </summary>
public sealed class RunScope : IAsyncDisposable
{
    private readonly WorkbenchSession _session;
    private readonly bool _owns;
    private bool _finished;

    internal RunScope(WorkbenchSession session, string runId, string? step, bool owns, bool enabled)
    {
        _session = session;
        RunId = runId;
        Step = step;
        _owns = owns;
        Enabled = enabled;
    }

    /// <summary>The run this operation records into.</summary>
    public string RunId { get; }

    /// <summary>The pipeline step it runs in, if any.</summary>
    public string? Step { get; }

    /// <summary>Whether the history is written (false: the warehouse is read-only, or it could not be).</summary>
    public bool Enabled { get; private set; }

    public Task NodeAsync(NodeRecord node, CancellationToken cancellationToken = default) => NodesAsync([node], cancellationToken);

    public async Task NodesAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        await WriteAsync(h => h.AddNodesAsync(RunId, nodes.Select(n => n with { Step = n.Step ?? Step }).ToList(), cancellationToken), cancellationToken);
    }

    public async Task ChecksAsync(IReadOnlyList<CheckRecord> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        await WriteAsync(h => h.AddChecksAsync(RunId, checks.Select(c => c with { Step = c.Step ?? Step }).ToList(), cancellationToken), cancellationToken);
    }

    /// <summary>Ends the run this scope started (a joined run is ended by whoever started it).</summary>
    public async Task FinishAsync(bool succeeded, string? error = null, CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_owns)
        {
            _session.EndRun(this);
            await WriteAsync(h => h.FinishAsync(RunId, succeeded ? "succeeded" : "failed", error is null ? null : _session.Masker.Apply(error), cancellationToken), cancellationToken);
        }
    }

    /// <summary>Ends an unfinished run as failed: the operation threw.</summary>
    public async ValueTask DisposeAsync() => await FinishAsync(false, "the operation stopped with an error (see its output)");

    /// <summary>The parameters as the history keeps them: JSON, secrets masked.</summary>
    internal static string Parameters(WorkbenchSession session, IReadOnlyDictionary<string, object?> parameters) =>
        session.Masker.Apply(HistoryJson.Write(parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)));

    private async Task WriteAsync(Func<RunHistory, Task> write, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            await write(new RunHistory(await _session.ConnectAsync(cancellationToken)));
        }
        catch (WarehouseException e)
        {
            Enabled = false;
            _session.Log($"NOTE the run history could not be written ({e.EngineMessage}); the run goes on without it.");
        }
    }
}
