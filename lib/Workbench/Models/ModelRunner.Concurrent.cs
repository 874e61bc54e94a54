using System.Diagnostics;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.Models;

/// <summary>Concurrent builds: independent models at once, each on its own connection.</summary>
public sealed partial class ModelRunner
{
    /// <summary>
    /// Builds up to <see cref="Threads"/> models at a time: a model starts when every selected model it reads has built;
    /// a failure skips its descendants (or, with <see cref="FailFast"/>, everything not yet started). Results come back
    /// in build order; progress is reported as models finish.
    /// </summary>
    private async Task<ModelRunSummary> RunConcurrentlyAsync(ModelProject project, IReadOnlyList<SqlModel> order, CancellationToken cancellationToken)
    {
        var selected = order.Select(m => m.Id).ToHashSet();
        var waiting = order.ToList();
        var done = new Dictionary<ModelId, ModelRunResult>();
        var running = new Dictionary<Task<ModelRunResult>, (SqlModel Model, WarehouseConnection Connection)>();
        var idle = new Stack<WarehouseConnection>();
        var opened = new List<WarehouseConnection>();
        void Finish(ModelRunResult result)
        {
            done[result.Model] = result;
            Progress?.Invoke(result);
        }

        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                foreach (var model in waiting.ToList())
                {
                    var inputs = model.DependsOn.Where(selected.Contains).ToList();
                    if (inputs.Any(i => done.TryGetValue(i, out var r) && r.Status != ModelStatus.Succeeded))
                    {
                        waiting.Remove(model);
                        Finish(new ModelRunResult(model.Id, ModelStatus.Skipped, null, TimeSpan.Zero, $"{model.Id} skipped: an upstream model failed"));
                    }
                    else if (FailFast && done.Values.Any(r => r.Status == ModelStatus.Failed))
                    {
                        waiting.Remove(model);
                        Finish(new ModelRunResult(model.Id, ModelStatus.Skipped, null, TimeSpan.Zero, $"{model.Id} skipped: --fail-fast stopped the run at the first failure"));
                    }
                    else if (running.Count < Threads && inputs.All(done.ContainsKey))
                    {
                        waiting.Remove(model);
                        if (!idle.TryPop(out var connection))
                        {
                            connection = await OpenConnection!(cancellationToken);
                            opened.Add(connection);
                        }

                        running[BuildAsync(model, connection, cancellationToken)] = (model, connection);
                    }
                }

                if (running.Count == 0)
                {
                    continue;
                }

                var finished = await Task.WhenAny(running.Keys);
                var (_, used) = running[finished];
                running.Remove(finished);
                idle.Push(used);
                Finish(await finished);
            }
        }
        finally
        {
            try
            {
                await Task.WhenAll(running.Keys); // never close a connection a build is still using
            }
            catch (Exception)
            {
                // the build's own failure is what the caller sees
            }

            foreach (var connection in opened)
            {
                await connection.DisposeAsync();
            }
        }

        var results = order.Select(m => done[m.Id]).ToList();
        _uncounted.AddRange(results.Select((r, i) => (r, i)).Where(x => x.r.Rows is null && x.r.Status == ModelStatus.Succeeded && project.Models[x.r.Model].Materialization != Materialization.View).Select(x => x.i));
        await CountAsync(results, cancellationToken);
        return new ModelRunSummary(results);
    }
}
