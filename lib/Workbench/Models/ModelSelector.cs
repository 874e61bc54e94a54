using Workbench.Errors;

namespace Workbench.Models;

/// <summary>
/// Model selection the way dbt users know it. Each selector is one of: a model (<c>stg_orders</c> or
/// <c>staging.stg_orders</c>), a layer/schema (<c>staging</c>), <c>tag:finance</c>, <c>path:sql/marts</c> or
/// <c>state:modified</c>; a leading <c>+</c> adds its ancestors, a trailing <c>+</c> its descendants. Several selectors
/// are a union; <c>a,b</c> (no spaces) is an intersection. Excludes take the same forms and are removed at the end.
/// </summary>
public static class ModelSelector
{
    /// <param name="modified">Whether a model's SQL or settings changed since the last successful run (for <c>state:modified</c>).</param>
    public static IReadOnlySet<ModelId> Select(ModelProject project, IEnumerable<string>? select, IEnumerable<string>? exclude = null, Func<SqlModel, bool>? modified = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var selectors = (select ?? []).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var chosen = selectors.Count == 0
            ? project.Models.Keys.ToHashSet()
            : selectors.SelectMany(s => Intersection(project, s, modified)).ToHashSet();
        foreach (var excluded in (exclude ?? []).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            chosen.ExceptWith(Intersection(project, excluded, modified));
        }

        return chosen;
    }

    private static HashSet<ModelId> Intersection(ModelProject project, string selector, Func<SqlModel, bool>? modified)
    {
        HashSet<ModelId>? result = null;
        foreach (var part in selector.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var matched = One(project, part, modified);
            if (result is null)
            {
                result = matched;
            }
            else
            {
                result.IntersectWith(matched);
            }
        }

        return result ?? [];
    }

    private static HashSet<ModelId> One(ModelProject project, string selector, Func<SqlModel, bool>? modified)
    {
        var ancestors = selector.StartsWith('+');
        var descendants = selector.EndsWith('+') && selector.Length > 1;
        var core = selector.Trim('+');
        var matched = Core(project, core, selector, modified);
        var result = new HashSet<ModelId>(matched);
        foreach (var id in matched)
        {
            if (ancestors)
            {
                result.UnionWith(project.Graph.Ancestors(id));
            }

            if (descendants)
            {
                result.UnionWith(project.Graph.Descendants(id));
            }
        }

        return result;
    }

    private static IEnumerable<ModelId> Core(ModelProject project, string core, string selector, Func<SqlModel, bool>? modified)
    {
        var models = project.Models.Values;
        if (core.StartsWith("tag:", StringComparison.OrdinalIgnoreCase))
        {
            var tag = core[4..];
            return models.Where(m => m.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)).Select(m => m.Id);
        }

        if (core.StartsWith("path:", StringComparison.OrdinalIgnoreCase))
        {
            var path = core[5..].Replace('\\', '/').TrimEnd('/');
            return models.Where(m => m.Path.Equals(path, StringComparison.OrdinalIgnoreCase) || m.Path.StartsWith(path + "/", StringComparison.OrdinalIgnoreCase)).Select(m => m.Id);
        }

        if (core.StartsWith("materialized:", StringComparison.OrdinalIgnoreCase))
        {
            var wanted = core["materialized:".Length..];
            return Enum.TryParse<Materialization>(wanted, ignoreCase: true, out var materialization)
                ? models.Where(m => m.Materialization == materialization).Select(m => m.Id)
                : throw new ModelSelectionException($"'{selector}': materialized is one of {string.Join(", ", Enum.GetNames<Materialization>().Select(n => n.ToLowerInvariant()))}.");
        }

        if (core.Equals("state:modified", StringComparison.OrdinalIgnoreCase))
        {
            if (modified is null)
            {
                throw new ModelSelectionException("state:modified compares with the last successful build in this environment and warehouse, and there is none yet (artifacts/state/ENV/); build the models once first, or select them another way.");
            }

            // A model is modified when its own file changed, or anything it is built from did.
            var changed = models.Where(modified).Select(m => m.Id).ToHashSet();
            return models.Where(m => changed.Contains(m.Id) || project.Graph.Ancestors(m.Id).Overlaps(changed)).Select(m => m.Id);
        }

        var byName = models.Where(m => string.Equals(m.Id.ToString(), core, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Id.Name, core, StringComparison.OrdinalIgnoreCase)).Select(m => m.Id).ToList();
        if (byName.Count > 0)
        {
            return byName;
        }

        var bySchema = models.Where(m => string.Equals(m.Id.Schema, core, StringComparison.OrdinalIgnoreCase)).Select(m => m.Id).ToList();
        if (bySchema.Count > 0)
        {
            return bySchema;
        }

        var names = models.Select(m => m.Id.Name).Concat(models.Select(m => m.Id.Schema).Distinct()).ToList();
        var closest = Text.Suggestions.Closest(core, names);
        throw new ModelSelectionException(
            $"'{selector}' selects nothing: no model, layer or tag by that name.{(closest is null ? string.Empty : $" Did you mean '{closest}'?")} " +
            "Selectors: NAME, SCHEMA.NAME, LAYER, tag:TAG, path:FOLDER, materialized:KIND, state:modified, with + before (ancestors) or after (descendants).");
    }
}
