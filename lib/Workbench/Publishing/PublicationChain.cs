using Workbench.History;

namespace Workbench.Publishing;

/// <summary>
/// An environment's publications, newest first, read as a chain: a rollback or promotion republishes an earlier state,
/// so "the one before" a rollback is the one before what it restored, and rolling back twice walks further back
/// instead of flipping between two states.
/// </summary>
public sealed class PublicationChain(IReadOnlyList<PublicationRecord> publications)
{
    public IReadOnlyList<PublicationRecord> Publications { get; } = publications;

    public PublicationRecord? Current => Publications.Count > 0 ? Publications[0] : null;

    /// <summary>The publication whose id is or starts with <paramref name="id"/>; an error naming the candidates when none or several match.</summary>
    public PublicationRecord Find(string id, string environment)
    {
        ArgumentNullException.ThrowIfNull(id);
        var matches = Publications.Where(p => p.PublicationId.StartsWith(id, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches switch
        {
            [var one] => one,
            [] => throw new Errors.PublicationException($"Environment {environment} has no publication '{id}'; nothing was changed. Its publications: {List()}."),
            _ => matches.FirstOrDefault(m => m.PublicationId == id)
                ?? throw new Errors.PublicationException($"'{id}' starts {matches.Count} publications of {environment} ({string.Join(", ", matches.Select(m => m.PublicationId))}); give more of the id. Nothing was changed."),
        };
    }

    /// <summary>The state before <paramref name="publication"/>: the publication older than the one it restored (for a rollback), else the next older one.</summary>
    public PublicationRecord? Before(PublicationRecord publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var from = publication;
        while (from.Kind == "rollback" && from.Source is { } restored && Publications.FirstOrDefault(p => p.PublicationId == restored) is { } original)
        {
            from = original;
        }

        var index = Publications.ToList().FindIndex(p => p.PublicationId == from.PublicationId);
        return index >= 0 && index + 1 < Publications.Count ? Publications[index + 1] : null;
    }

    private string List() => Publications.Count == 0 ? "none yet (run workbench build)" : string.Join(", ", Publications.Take(5).Select(p => $"{p.PublicationId} ({p.Kind}, {p.PublishedAt:yyyy-MM-dd HH:mm:ss})"));
}
