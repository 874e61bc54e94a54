using System.Diagnostics;
using Workbench.Errors;
using Workbench.History;
using Workbench.Publishing;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Puts an earlier publication of this environment back (default: the one before the current state), without
/// recomputing anything: its views are repointed at the versions that build wrote and audited, in one transaction,
/// and each table's content hash must equal what was recorded when it was first published, or nothing changes.
/// </summary>
/// <param name="To">The publication to restore (an id or its start); default: the one before the current.</param>
public sealed record Rollback(string? To = null)
{
    public async Task<RolledBack> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var clock = Stopwatch.StartNew();
        var warehouse = await session.ConnectAsync(cancellationToken);
        await using var run = await session.BeginRunAsync("rollback", new Dictionary<string, object?> { ["to"] = To }, cancellationToken);
        await using var lease = await BuildLock.AcquireAsync(warehouse, session.Project.Name, session.Environment, "rolled back", session.Log, cancellationToken);
        var chain = new PublicationChain(await Publisher.ListAsync(warehouse, session.Environment, cancellationToken));
        var current = chain.Current ?? throw new PublicationException($"Environment {session.Environment} has published nothing yet on {session.Warehouse}; there is nothing to roll back. Run workbench build first.");
        var target = To is null
            ? chain.Before(current) ?? throw new PublicationException(current.Kind == "rollback"
                ? $"Environment {session.Environment} is already back at its first publication ({current.Source}, restored by {current.PublicationId}); there is nothing older to roll back to. Nothing was changed."
                : $"Publication {current.PublicationId} is the first of environment {session.Environment}; there is nothing before it to roll back to. Nothing was changed.")
            : chain.Find(To, session.Environment);
        var objects = await Publisher.ObjectsAsync(warehouse, target.PublicationId, cancellationToken);
        await EnsureVersionsExistAsync(warehouse, target, objects, session, cancellationToken);
        var publication = await Publisher.PublishAsync(warehouse, session.Environment, run.RunId, "rollback", target.PublicationId, target.BuildId,
            objects.Select(PublishItem.Of).ToList(), replaceAll: true,
            verify: objects.Where(o => o.ContentHash is not null).ToDictionary(o => o.Name, o => o.ContentHash!), cancellationToken: cancellationToken);
        var rolledBack = new RolledBack(session.Environment, current, target, publication, objects.Count, clock.Elapsed);
        await run.NodeAsync(new NodeRecord("rollback:" + target.PublicationId, "rollback", "published", objects.Count, clock.Elapsed, null, publication.PublicationId), cancellationToken);
        await run.FinishAsync(true, cancellationToken: cancellationToken);
        return rolledBack;
    }

    /// <summary>Refuses, before changing anything, a publication whose versions were cleaned up.</summary>
    internal static async Task EnsureVersionsExistAsync(WarehouseConnection warehouse, PublicationRecord target, IReadOnlyList<PublishedRecord> objects, WorkbenchSession session, CancellationToken cancellationToken)
    {
        var versions = objects.Where(o => o.Version is not null).Select(o => TableName.Parse(o.Version!)).ToList();
        var catalog = await warehouse.ReadCatalogAsync(versions.Select(v => v.Schema).Distinct(StringComparer.OrdinalIgnoreCase), cancellationToken);
        if (versions.Where(v => !catalog.Contains(v)).ToList() is { Count: > 0 } missing)
        {
            throw new PublicationException(
                $"Publication {target.PublicationId} ({target.PublishedAt:yyyy-MM-dd HH:mm:ss}) cannot be restored: {missing.Count} of its versions are gone ({string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", ..." : string.Empty)}), " +
                $"cleaned up because builds keep the last {session.Project.Settings.Builds.Keep} publication(s). Nothing was changed. Choose a newer one (workbench runs), or raise builds.keep in workbench.yaml.");
        }
    }
}

/// <summary>What a rollback did: which state it left, which it restored, as which new publication, and how long it took.</summary>
public sealed record RolledBack(string Environment, PublicationRecord From, PublicationRecord To, PublicationRecord Publication, int Objects, TimeSpan Duration)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Rolled {Environment} back from publication {From.PublicationId} to {To.PublicationId} ({To.Kind} of {To.PublishedAt:yyyy-MM-dd HH:mm:ss}, build {To.BuildId ?? "-"}): {Objects} object(s) republished, content hashes verified, in {Duration.TotalMilliseconds:0} ms (publication {Publication.PublicationId}).");
}
