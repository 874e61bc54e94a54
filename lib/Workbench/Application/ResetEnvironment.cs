using Workbench.Errors;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Empties a scratch environment (<c>scratch: true</c> in workbench.yaml): every schema of its warehouse that the engine
/// does not own is dropped (raw, seeds, every layer, the build and version schemas, the run history), and its
/// <c>state:modified</c> file and run artifacts (<c>artifacts/scratch/ENV</c>) are removed, so what runs next starts from nothing. Any other environment is refused: a
/// reset never reaches dev, qa or prod by mistake.
/// </summary>
public sealed record ResetEnvironment
{
    public async Task<EnvironmentReset> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var environment = session.Project.Environment(session.Environment);
        if (!environment.Scratch)
        {
            throw new ProjectException(
                $"Environment '{environment.Name}' is not a scratch environment, so Workbench will not empty it: nothing was dropped. " +
                $"Use one declared with scratch: true under environments: in {session.Project.Relative(session.Project.File)} (e.g. sandbox: {{ scratch: true }}).");
        }

        if (SharedWith(session) is { } other)
        {
            throw new ProjectException(
                $"Environment '{environment.Name}' may share its warehouse ({session.Warehouse.Options.DescribeRelativeTo(session.Project.Root)}): {other}. Nothing was dropped. " +
                $"Give '{environment.Name}' a warehouse of its own in {session.Project.Relative(session.Project.File)} (a location with {{env}}, and no schema_prefix).");
        }

        var warehouse = await session.ConnectAsync(cancellationToken);
        // Not under a build or a load of this environment: each waits for the other, as two builds do.
        await using var building = await Publishing.BuildLock.AcquireAsync(warehouse, session.Project.Name, session.Environment, "dropped", session.Log, cancellationToken);
        await using var loading = await Loading.LoadLock.AcquireAsync(warehouse, "raw", "(all: a reset)", session.Log, cancellationToken);
        var dialect = SqlDialect.For(warehouse.Options.Engine);
        var ours = WorkbenchSchemas(session);
        var dropped = new List<string>();
        var kept = new List<string>();
        foreach (var schema in await warehouse.ListSchemasAsync(string.Empty, cancellationToken))
        {
            if (dialect.IsSystemSchema(schema))
            {
                continue;
            }

            if (!ours(schema))
            {
                kept.Add(schema); // not Workbench's: whatever else lives in this database stays
                continue;
            }

            await warehouse.ExecuteAsync($"DROP SCHEMA IF EXISTS {WarehouseConnection.Quote(schema)} CASCADE", cancellationToken);
            dropped.Add(schema);
        }

        var state = session.Project.StateFile(session.Warehouse);
        if (File.Exists(state))
        {
            File.Delete(state);
        }

        if (Directory.Exists(session.ArtifactsFolder) && session.ArtifactsFolder != session.Project.Artifacts)
        {
            Directory.Delete(session.ArtifactsFolder, recursive: true); // its manifest, run results and JUnit (artifacts/scratch/ENV)
        }

        return new EnvironmentReset(environment.Name, session.Warehouse.Options.DescribeRelativeTo(session.Project.Root), dropped, kept);
    }

    /// <summary>
    /// Whether a schema is one Workbench writes: raw and the seeds, the history, every schema a model is built in, and
    /// its build and comparison schemas (<c>wb_*</c>).
    /// </summary>
    private static Func<string, bool> WorkbenchSchemas(WorkbenchSession session)
    {
        var known = new HashSet<string>(WorkbenchSession.SourceSchemas, StringComparer.OrdinalIgnoreCase) { History.AuditSchema.Name };
        try
        {
            known.UnionWith(session.Models().Models.Keys.Select(id => id.Schema));
        }
        catch (WorkbenchException)
        {
            // Models that cannot be read: the layers of the sample layout still count as Workbench's.
            known.UnionWith(["staging", "intermediate", "marts", "snapshots"]);
        }

        return schema => known.Contains(schema) || schema.StartsWith("wb_", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Why emptying this warehouse would reach another environment, or null: it publishes under a schema_prefix (so it
    /// shares a warehouse by design), or another environment resolves to the same warehouse, with this session's choice
    /// of warehouse or with its own settings. An environment whose warehouse cannot be resolved here counts as shared:
    /// a reset refuses when in doubt.
    /// </summary>
    private static string? SharedWith(WorkbenchSession session)
    {
        if (session.Project.Environment(session.Environment).SchemaPrefix.Length > 0)
        {
            return $"it publishes under schema_prefix '{session.Project.Environment(session.Environment).SchemaPrefix}', so it shares its warehouse with other environments";
        }

        var mine = session.Warehouse.Options.Describe();
        foreach (var other in session.Project.Settings.Environments.Where(e => e.Name != session.Environment))
        {
            foreach (var choice in new[] { session.WarehouseChoice, null }.Distinct())
            {
                try
                {
                    if (session.Project.ResolveWarehouse(other.Name, choice, session.Options.Variables).Options.Describe() == mine)
                    {
                        return $"environment '{other.Name}' uses the same warehouse, so emptying it would empty '{other.Name}' too";
                    }
                }
                catch (Exception e) when (e is WorkbenchException or ArgumentException)
                {
                    return $"environment '{other.Name}''s warehouse cannot be resolved here ({e.Message}), so Workbench cannot tell that it is another one";
                }
            }
        }

        return null;
    }
}

/// <summary>What a reset emptied: the environment, its warehouse (without secrets), the schemas dropped and those kept (not Workbench's).</summary>
public sealed record EnvironmentReset(string Environment, string Warehouse, IReadOnlyList<string> Dropped, IReadOnlyList<string> Kept)
{
    public override string ToString() =>
        (Dropped.Count == 0
            ? $"Environment {Environment} ({Warehouse}) was already empty."
            : $"Emptied environment {Environment} ({Warehouse}): dropped {string.Join(", ", Dropped)}.")
        + (Kept.Count == 0 ? string.Empty : $" Kept {string.Join(", ", Kept)}: not Workbench's.");
}
