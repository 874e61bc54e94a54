using Workbench.Contracts;
using Workbench.Models;
using Workbench.Publishing;
using Workbench.Quality;
using Workbench.Sql;
using Workbench.Warehouse;

namespace Workbench.Application;

/// <summary>
/// The audit of a build: every data test and contract check of what the build writes, run on the unpublished versions
/// as soon as everything it reads is built (before anything downstream starts), and each table's columns and types
/// compared with its contract. An error-severity failure marks every built node the check read as failing its checks;
/// the scheduler then skips what reads them, and the publication leaves them out. Safe to call from parallel builds.
/// </summary>
internal sealed class BuildAudit
{
    private readonly object _gate = new();
    private readonly List<Pending> _pending;
    private readonly IReadOnlyDictionary<ModelId, ContractTable> _tables;
    private readonly IReadOnlyDictionary<ModelId, TableName> _versions;
    private readonly ContractTarget _target;
    private readonly HashSet<ModelId> _built = [];
    private readonly HashSet<ModelId> _unbuilt = [];
    private readonly Dictionary<ModelId, List<string>> _failed = [];
    private readonly List<DataTestResult> _data = [];
    private readonly List<ContractCheckResult> _checks = [];
    private readonly List<ConformanceMismatch> _mismatches = [];
    private readonly Action<string> _log;

    /// <param name="versions">Every node the build writes (models and seeds, by their own id) and where its version is.</param>
    /// <param name="tests">The data tests, compiled: SQL over the published names, and the models they read.</param>
    /// <param name="contractsTarget">Where the contracts say their tables are (not relocated).</param>
    /// <param name="names">Where the environment publishes: what the build does not write is read there.</param>
    /// <param name="publishedSql">Points a test's references to what the build does not write at the environment's published names.</param>
    public BuildAudit(IReadOnlyDictionary<ModelId, TableName> versions, IReadOnlyList<(DataTest Test, IReadOnlyList<ModelId> Reads)> tests,
        IReadOnlyList<DataContract> contracts, ContractTarget contractsTarget, Publishing.PublishedNames names, Func<string, string> publishedSql, DateTime? asOf, SensitiveData sensitive, bool everything, Action<string> log)
    {
        _versions = versions;
        _log = log;
        var byVersion = versions.ToDictionary(v => v.Value, v => v.Key, TableName.Comparer);
        _target = contractsTarget.Relocated(name => versions.TryGetValue(IdOf(name), out var version) ? version : names.Of(name));
        _tables = new ContractTables(contracts).All.Select(t => (Id: IdOf(contractsTarget.TableOf(t)), Table: t)).Where(t => versions.ContainsKey(t.Id))
            .GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First().Table);

        // A data test runs when it reads something the build writes (every test, for a whole-project build).
        var masks = _tables.ToDictionary(t => t.Key, t => sensitive.ColumnsOf(t.Value.Table));
        _pending = tests.Where(t => everything || t.Reads.Any(versions.ContainsKey)).Select(t => new Pending(
            t.Test with
            {
                Sql = publishedSql(RelationScanner.Rewrite(t.Test.Sql, r => r.Parts.Count == 2 && versions.TryGetValue(new ModelId(r.Schema!.ToLowerInvariant(), r.Name.ToLowerInvariant()), out var v) ? WarehouseConnection.Quote(v) : null)),
                Masked = t.Reads.SelectMany(r => masks.TryGetValue(r, out var m) ? m : Enumerable.Empty<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase),
            },
            null, t.Reads.Where(versions.ContainsKey).ToList())).ToList();

        // A contract check runs when its table is one the build writes; it reads every built table its SQL names.
        var owned = _tables.Values.Select(t => t.Table.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string ToBuild(string? sql) => sql is null ? null! : RelationScanner.Rewrite(sql, r =>
            r.Parts.Count == 2 && !BuildArea.IsBuildSchema(r.Schema!) && versions.TryGetValue(new ModelId(r.Schema!.ToLowerInvariant(), r.Name.ToLowerInvariant()), out var v) ? WarehouseConnection.Quote(v) : null);
        foreach (var compiled in ContractCheckCompiler.CompileAll(contracts, _target, asOf, sensitive).Where(c => owned.Contains(c.Table)))
        {
            // What a rule's SQL names besides its own table: this build's version of it, or its published name.
            var check = compiled with { MeasureSql = publishedSql(ToBuild(compiled.MeasureSql)), OffendingRowsSql = compiled.OffendingRowsSql is null ? null : publishedSql(ToBuild(compiled.OffendingRowsSql)) };
            var reads = RelationScanner.Scan((check.MeasureSql ?? string.Empty) + "\n;\n" + (check.OffendingRowsSql ?? string.Empty)).Relations
                .Where(r => r.Parts.Count == 2).Select(r => byVersion.TryGetValue(new TableName(r.Schema!, r.Name), out var id) ? id : (ModelId?)null).OfType<ModelId>().Distinct().ToList();
            var owner = _tables.FirstOrDefault(t => string.Equals(t.Value.Table.Name, check.Table, StringComparison.OrdinalIgnoreCase)) is { Value: not null } own ? own.Key : (ModelId?)null;
            if (owner is { } id && !reads.Contains(id))
            {
                reads.Add(id); // a check belongs to its table, even when its SQL does not name it (skipped, refused)
            }

            _pending.Add(new Pending(null, check, reads) { Owner = owner });
        }
    }

    /// <summary>How many of the build's tables have a contract their columns are compared with.</summary>
    public int ContractTables => _tables.Count;

    public IReadOnlyList<DataTestResult> DataTests { get { lock (_gate) { return _data.ToList(); } } }

    public IReadOnlyList<ContractCheckResult> ContractChecks { get { lock (_gate) { return _checks.ToList(); } } }

    public IReadOnlyList<ConformanceMismatch> Mismatches { get { lock (_gate) { return _mismatches.ToList(); } } }

    /// <summary>The nodes that failed their checks, each with the checks that failed.</summary>
    public IReadOnlyDictionary<ModelId, IReadOnlyList<string>> Failed { get { lock (_gate) { return _failed.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value.ToList()); } } }

    /// <summary>Audits nodes that were just written (seeds), on <paramref name="warehouse"/>.</summary>
    public async Task AfterAsync(IReadOnlyList<ModelId> nodes, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            await ConformAsync(node, warehouse, cancellationToken);
        }

        lock (_gate)
        {
            _built.UnionWith(nodes);
        }

        await RunReadyAsync(warehouse, cancellationToken);
    }

    /// <summary>The scheduler's audit: conformance and the checks now ready; a model that fails them fails.</summary>
    public async Task<ModelRunResult> AfterModelAsync(PlannedModel model, ModelRunResult result, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        await AfterAsync([model.Id], warehouse, cancellationToken);
        lock (_gate)
        {
            return _failed.TryGetValue(model.Id, out var checks)
                ? result with { Status = ModelStatus.Failed, Error = $"{ModelScheduler.ChecksFailed} on {model.Target}, so it is not published: {string.Join("; ", checks)}" }
                : result;
        }
    }

    /// <summary>After the last model: checks that read nothing the build writes run now; those whose inputs did not build are listed as skipped.</summary>
    public async Task FinishAsync(IEnumerable<ModelId> unbuilt, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _unbuilt.UnionWith(unbuilt);
        }

        await RunReadyAsync(warehouse, cancellationToken, last: true);
    }

    private async Task ConformAsync(ModelId node, WarehouseConnection warehouse, CancellationToken cancellationToken)
    {
        if (!_tables.TryGetValue(node, out var table))
        {
            return;
        }

        var version = _versions[node];
        var found = Contracts.ContractConformance.Check(table, version, await warehouse.DescribeAsync(version, cancellationToken), warehouse.Dialect)
            .Select(m => m with { Table = table.Table.Name }).ToList();
        lock (_gate)
        {
            _mismatches.AddRange(found);
            foreach (var breaking in found.Where(Application.TestsRan.Breaks))
            {
                Fail(node, $"{breaking.Table}{(breaking.Column is null ? string.Empty : "." + breaking.Column)}: {breaking.Kind}: expected {breaking.Expected}, found {breaking.Actual}");
            }
        }
    }

    private async Task RunReadyAsync(WarehouseConnection warehouse, CancellationToken cancellationToken, bool last = false)
    {
        List<Pending> ready;
        List<Pending> blocked;
        lock (_gate)
        {
            ready = _pending.Where(p => p.Reads.All(_built.Contains) && !p.Reads.Any(_failed.ContainsKey) && (p.Reads.Count > 0 || last)).ToList();
            blocked = last ? _pending.Except(ready).ToList() : _pending.Where(p => p.Reads.Any(r => _failed.ContainsKey(r) || _unbuilt.Contains(r))).ToList();
            _pending.RemoveAll(p => ready.Contains(p) || blocked.Contains(p));
        }

        var tests = await new DataTestRunner(warehouse).RunAsync(ready.Where(p => p.Test is not null).Select(p => p.Test!), cancellationToken);
        var checks = await new ContractCheckRunner(warehouse).RunAsync(ready.Where(p => p.Check is not null).Select(p => p.Check!), cancellationToken);
        lock (_gate)
        {
            foreach (var (result, pending) in tests.Zip(ready.Where(p => p.Test is not null)))
            {
                _data.Add(result);
                _log(RunTests.Describe(result));
                if (!result.Passed && (result.Test.Severity == Severity.Error || result.Error is not null))
                {
                    foreach (var read in pending.Reads)
                    {
                        Fail(read, $"data test {result.Test.Name} ({result.Test.Path}): {result.Error ?? $"{result.FailingRows} offending row(s)"}");
                    }
                }
            }

            foreach (var (result, pending) in checks.Zip(ready.Where(p => p.Check is not null)))
            {
                _checks.Add(result);
                _log(result.ToString());
                if (result.Fails)
                {
                    foreach (var read in pending.Owner is { } owner ? [owner] : pending.Reads)
                    {
                        Fail(read, $"{result.Check.Name}: {result.Outcome} ({result.Check.Location})");
                    }
                }
            }

            foreach (var pending in blocked)
            {
                var why = pending.Reads.FirstOrDefault(r => _failed.ContainsKey(r) || _unbuilt.Contains(r) || !_built.Contains(r)) is { Schema: not null } r
                    ? $"not run: {r} {(_failed.ContainsKey(r) ? "failed its checks" : "was not built")}"
                    : "not run";
                if (pending.Test is { } test)
                {
                    _data.Add(new DataTestResult(test, 0, new QueryResult([], [], false), TimeSpan.Zero) { SkipReason = why });
                }
                else
                {
                    _checks.Add(new ContractCheckResult(pending.Check! with { SkipReason = pending.Check!.SkipReason ?? why }, null, false, new QueryResult([], [], false), TimeSpan.Zero));
                }
            }
        }
    }

    private void Fail(ModelId node, string why)
    {
        if (!_failed.TryGetValue(node, out var list))
        {
            _failed[node] = list = [];
        }

        list.Add(why);
    }

    private static ModelId IdOf(TableName name) => new(name.Schema.ToLowerInvariant(), name.Name.ToLowerInvariant());

    /// <summary>A test or check waiting for what it reads to be built; a contract check's failure holds back its own table (<see cref="Owner"/>) only.</summary>
    private sealed record Pending(DataTest? Test, ContractCheck? Check, IReadOnlyList<ModelId> Reads)
    {
        public ModelId? Owner { get; init; }
    }
}
