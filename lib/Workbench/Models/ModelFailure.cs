using System.Diagnostics;
using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Models;

/// <summary>How a model's failure is reported: its file, the line the engine pointed at, and the engine's message.</summary>
internal static class ModelFailure
{
    /// <summary>A failure Workbench found before the engine ran anything (columns against the contract or the table).</summary>
    public static ModelRunResult Found(SqlModel model, string problem, Stopwatch clock)
    {
        var failure = new ModelExecutionException(model.Id, model.Path, null, model.Sql, problem, null);
        return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
    }

    /// <summary>
    /// A statement the engine rejected, with the .sql file's line when the engine says where (each adapter reads its
    /// engine's way of saying it into <see cref="WarehouseException.StatementLine"/>), mapped back past the lines the
    /// runner put before the model's SQL.
    /// </summary>
    public static ModelRunResult FromEngine(SqlModel model, string sql, WarehouseException e, Stopwatch clock)
    {
        var at = sql.IndexOf(model.Sql, StringComparison.Ordinal);
        var linesBefore = at < 0 ? 1 : sql.AsSpan(0, at).Count('\n');
        var line = e.StatementLine is { } l && at >= 0 && l > linesBefore ? model.BodyStartLine + l - 1 - linesBefore : (int?)null;
        var failure = new ModelExecutionException(model.Id, model.Path, line, sql, e.EngineMessage, e);
        return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
    }

    /// <summary>
    /// The warehouse failed under the model (the server went away, the disk filled): not the model's fault, so nothing
    /// after it can build either. The model's transaction was rolled back; the message names it and says what to do.
    /// </summary>
    public static ModelRunResult Infrastructure(SqlModel model, WarehouseConnection warehouse, Exception e, Stopwatch clock)
    {
        var failure = new WarehouseException(
            $"The {warehouse.Options.Role} {warehouse.Options.Describe()} failed while {model.Id} ({model.Path}) was being built: {warehouse.DescribeFailure(e).TrimEnd('.')}. " +
            "Its transaction was rolled back; the models after it were not started.",
            null,
            e)
        {
            Unreachable = true,
        };
        return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
    }

    /// <summary>Whether a result is the warehouse failing rather than the model.</summary>
    public static bool IsInfrastructure(ModelRunResult result) => result.Exception is WarehouseException { Unreachable: true };
}
