using System.Diagnostics;
using Workbench.Errors;
using Workbench.History;
using Workbench.Publishing;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// Publishes in this session's environment exactly what environment <see cref="From"/> has published (and so audited):
/// where both share a warehouse, the same version tables, under this environment's names, nothing rebuilt; where they
/// do not, the versions are copied into a new build area here first. In one transaction, content hashes checked
/// (across engines, row counts).
/// </summary>
public sealed record Promote(string From)
{
    public async Task<Promoted> RunAsync(WorkbenchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (string.Equals(From, session.Environment, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--from {From} is the environment being promoted to; choose another (--from qa --to prod).");
        }

        var clock = Stopwatch.StartNew();
        await using var source = WorkbenchSession.Open(session.Options with { Environment = From, Command = null, Log = null });
        var shared = source.Warehouse.Options.SameDatabaseAs(session.Warehouse.Options);
        var target = await session.ConnectAsync(cancellationToken);
        var sourceWarehouse = shared ? target : await source.ConnectAsync(cancellationToken);
        await using var run = await session.BeginRunAsync("promote", new Dictionary<string, object?> { ["from"] = From, ["to"] = session.Environment }, cancellationToken);
        await using var lease = await BuildLock.AcquireAsync(target, session.Project.Name, session.Environment, "promoted", session.Log, cancellationToken);
        var published = new PublicationChain(await Publisher.ListAsync(sourceWarehouse, From, cancellationToken)).Current
            ?? throw new PublicationException($"Environment {From} has published nothing on {source.Warehouse}; there is nothing to promote. Build it first (workbench build --env {From}).");
        var objects = await Publisher.ObjectsAsync(sourceWarehouse, published.PublicationId, cancellationToken);
        await Rollback.EnsureVersionsExistAsync(sourceWarehouse, published, objects, source, cancellationToken);

        var project = session.Models();
        var buildId = shared ? published.BuildId : RunIds.New();
        var items = new List<PublishItem>();
        var verify = new Dictionary<string, string>();
        var copied = 0L;
        foreach (var item in objects)
        {
            var name = session.Published.Of(source.Published.Unprefixed(TableName.Parse(item.Name)));
            if (item.Version is null)
            {
                items.Add(new PublishItem(name, item.Model, null, session.Published.Relocate(source.Published.Unrelocate(item.Definition!), project)));
                continue;
            }

            var version = TableName.Parse(item.Version);
            if (!shared)
            {
                var copy = BuildArea.VersionOf(buildId!, name);
                var rows = await TableCopy.CopyAsync(sourceWarehouse, version, target, copy, cancellationToken);
                if (item.Rows is { } expected && rows != expected)
                {
                    throw new PublicationException($"{item.Name} copied {rows:N0} rows from {From}, whose publication recorded {expected:N0}; nothing was promoted. Was its version changed since it was published?");
                }

                copied += rows;
                version = copy;
            }

            items.Add(new PublishItem(name, item.Model, version, null));
            if (item.ContentHash is { } hash && (shared || source.Warehouse.Options.HashesComparableWith(session.Warehouse.Options)))
            {
                verify[name.ToString()] = hash;
            }
        }

        var publication = await Publisher.PublishAsync(target, session.Environment, run.RunId, "promotion", $"{From}:{published.PublicationId}", buildId, items,
            replaceAll: true, verify: verify, cancellationToken: cancellationToken);
        var promoted = new Promoted(From, session.Environment, published, publication, items.Count, shared, copied, clock.Elapsed);
        await run.NodeAsync(new NodeRecord("promote:" + From, "promotion", "published", items.Count, clock.Elapsed, null, publication.PublicationId), cancellationToken);
        await run.FinishAsync(true, cancellationToken: cancellationToken);
        return promoted;
    }
}

/// <summary>What a promotion published: from which publication of which environment, how (shared versions or copies), how fast.</summary>
public sealed record Promoted(string From, string To, PublicationRecord Source, PublicationRecord Publication, int Objects, bool Shared, long RowsCopied, TimeSpan Duration)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Promoted {From} publication {Source.PublicationId} (build {Source.BuildId ?? "-"}) to {To}: {Objects} object(s), {(Shared ? "the same audited versions (one warehouse: nothing rebuilt or copied)" : $"{RowsCopied:N0} row(s) copied from {From}'s warehouse")}, in {Duration.TotalMilliseconds:0} ms (publication {Publication.PublicationId}).");
}
