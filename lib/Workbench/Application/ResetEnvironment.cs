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
                $"Environment '{environment.Name}' shares its warehouse ({session.Warehouse.Options.DescribeRelativeTo(session.Project.Root)}) with environment '{other}', so emptying it would empty '{other}' too: nothing was dropped. " +
                $"Give '{environment.Name}' a warehouse of its own in {session.Project.Relative(session.Project.File)} (a location with {{env}}, and no schema_prefix).");
        }

        var warehouse = await session.ConnectAsync(cancellationToken);
        var dialect = SqlDialect.For(warehouse.Options.Engine);
        var dropped = new List<string>();
        foreach (var schema in await warehouse.ListSchemasAsync(string.Empty, cancellationToken))
        {
            if (!dialect.IsSystemSchema(schema))
            {
                await warehouse.ExecuteAsync($"DROP SCHEMA IF EXISTS {WarehouseConnection.Quote(schema)} CASCADE", cancellationToken);
                dropped.Add(schema);
            }
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

        return new EnvironmentReset(environment.Name, session.Warehouse.Options.DescribeRelativeTo(session.Project.Root), dropped);
    }

    /// <summary>Another environment whose warehouse (with the same choice of warehouse) is this one's, or null.</summary>
    private static string? SharedWith(WorkbenchSession session)
    {
        if (session.Project.Environment(session.Environment).SchemaPrefix.Length > 0)
        {
            return "(any that shares it: it publishes under a schema_prefix)";
        }

        var mine = session.Warehouse.Options.Describe();
        foreach (var other in session.Project.Settings.Environments.Where(e => e.Name != session.Environment))
        {
            try
            {
                if (session.Project.ResolveWarehouse(other.Name, session.WarehouseChoice, session.Options.Variables).Options.Describe() == mine)
                {
                    return other.Name;
                }
            }
            catch (Exception e) when (e is WorkbenchException or ArgumentException)
            {
                // An environment whose warehouse cannot be resolved here (an unset variable) is not this one.
            }
        }

        return null;
    }
}

/// <summary>What a reset emptied: the environment, its warehouse (without secrets) and the schemas dropped.</summary>
public sealed record EnvironmentReset(string Environment, string Warehouse, IReadOnlyList<string> Dropped)
{
    public override string ToString() => Dropped.Count == 0
        ? $"Environment {Environment} ({Warehouse}) was already empty."
        : $"Emptied environment {Environment} ({Warehouse}): dropped {string.Join(", ", Dropped)}.";
}
