using System.Globalization;
using Workbench.Warehouse;
using static Workbench.Warehouse.WarehouseConnection;

namespace Workbench.History;

/// <summary>Writes and reads the run history in the warehouse's <see cref="AuditSchema"/>.</summary>
public sealed class RunHistory(WarehouseConnection warehouse)
{
    private bool _ensured;

    public async Task StartAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await EnsureAsync(cancellationToken);
        await warehouse.ExecuteAsync(
            $"INSERT INTO {Quote(AuditSchema.Runs)} (run_id, parent_run_id, command, project, environment, warehouse, git_commit, parameters, started_at, status) VALUES (" +
            $"{Literal(run.RunId)}, {Text(run.ParentRunId)}, {Literal(run.Command)}, {Literal(run.Project)}, {Literal(run.Environment)}, {Literal(run.Warehouse)}, " +
            $"{Text(run.GitCommit)}, {Literal(run.Parameters)}, {TimestampLiteral(run.StartedAt)}, {Literal(run.Status)})",
            cancellationToken);
    }

    public async Task FinishAsync(string runId, string status, string? error, CancellationToken cancellationToken = default) =>
        await warehouse.ExecuteAsync(
            $"UPDATE {Quote(AuditSchema.Runs)} SET finished_at = {TimestampLiteral(DateTime.UtcNow)}, status = {Literal(status)}, error = {Text(error)} WHERE run_id = {Literal(runId)}",
            cancellationToken);

    /// <summary>Appends nodes in one bulk insert.</summary>
    public async Task AddNodesAsync(string runId, IReadOnlyList<NodeRecord> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return;
        }

        await EnsureAsync(cancellationToken);
        var now = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
        await warehouse.BulkInsertAsync(AuditSchema.Nodes, ["run_id", "step", "node", "kind", "status", "row_count", "duration_ms", "error", "detail", "recorded_at", "position"],
            nodes.Select((n, i) => new object?[] { runId, n.Step, n.Node, n.Kind, n.Status, n.Rows, (long)n.Duration.TotalMilliseconds, n.Error, n.Detail, now, i }), cancellationToken);
    }

    /// <summary>Appends check results in one bulk insert (a build records hundreds; one INSERT of them all costs more to parse than to write).</summary>
    public async Task AddChecksAsync(string runId, IReadOnlyList<CheckRecord> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.Count == 0)
        {
            return;
        }

        await EnsureAsync(cancellationToken);
        var now = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
        await warehouse.BulkInsertAsync(AuditSchema.Checks, ["run_id", "step", "check_name", "kind", "table_name", "status", "severity", "measured", "failing_rows", "sample", "location", "message", "recorded_at", "position"],
            checks.Select((c, i) => new object?[] { runId, c.Step, c.Name, c.Kind, c.Table, c.Status, c.Severity, c.Measured, c.FailingRows, c.Sample, c.Location, c.Message, now, i }), cancellationToken);
    }

    /// <summary>The latest runs, newest first (top-level runs only: a pipeline's steps are its nodes).</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit = 20, string? environment = null, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(cancellationToken))
        {
            return [];
        }

        var rows = await warehouse.QueryAsync(
            $"SELECT run_id, parent_run_id, command, project, environment, warehouse, git_commit, parameters, started_at, finished_at, status, error FROM {Quote(AuditSchema.Runs)}" +
            (environment is null ? string.Empty : $" WHERE environment = {Literal(environment)}") + $" ORDER BY started_at DESC, run_id DESC LIMIT {limit.ToString(CultureInfo.InvariantCulture)}",
            cancellationToken: cancellationToken);
        return rows.Rows.Select(Run).ToList();
    }

    /// <summary>The run whose id is or starts with <paramref name="id"/>, with its nodes and checks; null when none (an error when several match).</summary>
    public async Task<(RunRecord Run, IReadOnlyList<NodeRecord> Nodes, IReadOnlyList<CheckRecord> Checks)?> ShowAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!await ExistsAsync(cancellationToken))
        {
            return null;
        }

        var runs = (await warehouse.QueryAsync(
            $"SELECT run_id, parent_run_id, command, project, environment, warehouse, git_commit, parameters, started_at, finished_at, status, error FROM {Quote(AuditSchema.Runs)} " +
            $"WHERE run_id = {Literal(id)} OR substr(run_id, 1, {id.Length.ToString(CultureInfo.InvariantCulture)}) = {Literal(id)} ORDER BY run_id LIMIT 6",
            cancellationToken: cancellationToken)).Rows.Select(Run).ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        if (runs.Count > 1 && runs.All(r => r.RunId != id))
        {
            throw new ArgumentException($"'{id}' is the start of {(runs.Count > 5 ? "more than 5" : runs.Count.ToString(CultureInfo.InvariantCulture))} runs ({string.Join(", ", runs.Take(5).Select(r => r.RunId))}); give more of the id.");
        }

        var run = runs.FirstOrDefault(r => r.RunId == id) ?? runs[0];
        var nodes = (await warehouse.QueryAsync(
            $"SELECT node, kind, status, row_count, duration_ms, error, detail, step FROM {Quote(AuditSchema.Nodes)} WHERE run_id = {Literal(run.RunId)} ORDER BY recorded_at, position",
            cancellationToken: cancellationToken)).Rows.Select(r => new NodeRecord((string)r[0]!, (string)r[1]!, (string)r[2]!, Long(r[3]), TimeSpan.FromMilliseconds(Long(r[4]) ?? 0), (string?)r[5], (string?)r[6]) { Step = (string?)r[7] }).ToList();
        var checks = (await warehouse.QueryAsync(
            $"SELECT check_name, kind, table_name, status, severity, measured, failing_rows, sample, location, message, step FROM {Quote(AuditSchema.Checks)} WHERE run_id = {Literal(run.RunId)} ORDER BY recorded_at, position",
            cancellationToken: cancellationToken)).Rows.Select(r => new CheckRecord((string)r[0]!, (string)r[1]!, (string?)r[2], (string)r[3]!, (string?)r[4] ?? "error",
                r[5] is null ? null : Convert.ToDecimal(r[5], CultureInfo.InvariantCulture), Long(r[6]), (string?)r[7], (string?)r[8], (string?)r[9]) { Step = (string?)r[10] }).ToList();
        return (run, nodes, checks);
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!_ensured)
        {
            await AuditSchema.EnsureAsync(warehouse, cancellationToken);
            _ensured = true;
        }
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken) =>
        await AuditSchema.HasAsync(warehouse, AuditSchema.Runs, cancellationToken);

    private static RunRecord Run(object?[] r) => new((string)r[0]!, (string?)r[1], (string)r[2]!, (string?)r[3] ?? string.Empty, (string?)r[4] ?? string.Empty, (string?)r[5] ?? string.Empty,
        (string?)r[6], (string?)r[7] ?? "{}", ToDateTime(r[8])!.Value, ToDateTime(r[9]), (string)r[10]!, (string?)r[11]);

    private static DateTime? ToDateTime(object? value) => value switch
    {
        null => null,
        DateTime d => d,
        DateTimeOffset o => o.UtcDateTime,
        _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
    };

    private static long? Long(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Text(string? value) => value is null ? "NULL" : Literal(value);

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
}
