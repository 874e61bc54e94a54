using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Errors;

namespace Workbench.Models;

/// <summary>How a model's failure is reported: its file, the line the engine pointed at, and the engine's message.</summary>
public sealed partial class ModelRunner
{
    /// <summary>A failure Workbench found before the engine ran anything (columns against the contract or the table).</summary>
    private static ModelRunResult Failed(SqlModel model, string problem, Stopwatch clock)
    {
        var failure = new ModelExecutionException(model.Id, model.Path, null, model.Sql, problem, null);
        return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
    }

    /// <summary>
    /// A statement the engine rejected, with the .sql file's line when the engine says where: DuckDB names the statement's
    /// line ("LINE 3:"), PostgreSQL a character position; either is mapped back past the lines the runner put before the model.
    /// </summary>
    private static ModelRunResult EngineFailure(SqlModel model, string sql, WarehouseException e, Stopwatch clock)
    {
        var engineMessage = (e.InnerException?.Message ?? e.Message).Trim();
        var at = sql.IndexOf(model.Sql, StringComparison.Ordinal);
        var linesBefore = at < 0 ? 1 : sql.AsSpan(0, at).Count('\n');
        var statementLine = EngineLine(engineMessage)
            ?? (e.InnerException is Npgsql.PostgresException { Position: > 0 } pg && pg.Position <= sql.Length ? 1 + sql.AsSpan(0, pg.Position - 1).Count('\n') : null);
        var line = statementLine is { } l && at >= 0 && l > linesBefore ? model.BodyStartLine + l - 1 - linesBefore : (int?)null;
        var failure = new ModelExecutionException(model.Id, model.Path, line, sql, engineMessage, e);
        return new ModelRunResult(model.Id, ModelStatus.Failed, null, clock.Elapsed, failure.Message, failure);
    }

    private static int? EngineLine(string message) =>
        EngineLinePattern().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"LINE (\d+):")]
    private static partial Regex EngineLinePattern();
}
