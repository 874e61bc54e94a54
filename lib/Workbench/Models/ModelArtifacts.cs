using System.Text.Json;

namespace Workbench.Models;

/// <summary>
/// The run's artifacts, as dbt writes them: <c>manifest.json</c> (every model with its settings, dependencies and
/// checksum), <c>run_results.json</c> (per model: status, rows, duration, error), and the state file that remembers each
/// model's checksum at its last successful build, which <c>state:modified</c> compares with.
/// </summary>
public static class ModelArtifacts
{
    public const string ManifestVersion = "workbench/manifest/v1";
    public const string RunResultsVersion = "workbench/run-results/v1";
    public const string StateVersion = "workbench/state/v1";

    public static void WriteManifest(ModelProject project, string path, Func<SqlModel, string?>? contractOf = null, ArtifactContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        Write(path, json =>
        {
            json.WriteString("schema_version", ManifestVersion);
            json.WriteString("generated_at", DateTimeOffset.UtcNow);
            context?.Write(json);
            json.WriteStartObject("models");
            foreach (var model in project.InBuildOrder())
            {
                json.WriteStartObject(model.Id.ToString());
                json.WriteString("path", model.Path);
                json.WriteString("materialized", model.Materialization.ToString().ToLowerInvariant());
                json.WriteString("description", model.Description);
                Strings(json, "tags", model.Tags);
                json.WriteString("owner", model.Owner);
                Strings(json, "unique_key", model.UniqueKey);
                json.WriteString("contract", model.Contract ?? contractOf?.Invoke(model));
                Strings(json, "depends_on", model.DependsOn.Select(d => d.ToString()));
                Strings(json, "sources", model.Sources);
                json.WriteString("checksum", model.Checksum);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    public static void WriteRunResults(ModelRunSummary summary, string path, DateTimeOffset started, ArtifactContext? context = null, Func<string, string>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        mask ??= text => text;
        Write(path, json =>
        {
            json.WriteString("schema_version", RunResultsVersion);
            json.WriteString("generated_at", DateTimeOffset.UtcNow);
            context?.Write(json);
            json.WriteString("started_at", started);
            json.WriteNumber("elapsed_seconds", Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3));
            json.WriteStartArray("results");
            foreach (var result in summary.Results)
            {
                json.WriteStartObject();
                json.WriteString("model", result.Model.ToString());
                json.WriteString("status", result.Status.ToString().ToLowerInvariant());
                if (result.Rows is { } rows)
                {
                    json.WriteNumber("rows", rows);
                }
                else
                {
                    json.WriteNull("rows");
                }

                json.WriteNumber("duration_seconds", Math.Round(result.Duration.TotalSeconds, 3));
                json.WriteString("error", result.Error is null ? null : mask(result.Error));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    /// <summary>Each model's checksum at its last successful build; empty when there is no state yet.</summary>
    public static IReadOnlyDictionary<string, string> ReadState(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("models").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Records the checksums of the models that built successfully; the others keep their last successful one.</summary>
    public static void UpdateState(string path, ModelProject project, ModelRunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(summary);
        var state = new SortedDictionary<string, string>(ReadState(path).ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
        foreach (var result in summary.Results.Where(r => r.Status == ModelStatus.Succeeded))
        {
            state[result.Model.ToString()] = project.Models[result.Model].Checksum;
        }

        Write(path, json =>
        {
            json.WriteString("schema_version", StateVersion);
            json.WriteString("generated_at", DateTimeOffset.UtcNow);
            json.WriteStartObject("models");
            foreach (var (model, checksum) in state)
            {
                json.WriteString(model, checksum);
            }

            json.WriteEndObject();
        });
    }

    /// <summary>Whether a model differs from its last successful build (new models count as modified).</summary>
    public static Func<SqlModel, bool> ModifiedSince(IReadOnlyDictionary<string, string> state) =>
        model => !state.TryGetValue(model.Id.ToString(), out var checksum) || !string.Equals(checksum, model.Checksum, StringComparison.Ordinal);

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Write(string path, Action<Utf8JsonWriter> body)
    {
        Text.AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, Text.JsonText.Writer(indented: true));
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        });
    }
}

/// <summary>Which run an artifact is from: the project, the environment and the warehouse (no secret in it).</summary>
public sealed record ArtifactContext(string Project, string Environment, string Warehouse)
{
    internal void Write(Utf8JsonWriter json)
    {
        json.WriteString("project", Project);
        json.WriteString("environment", Environment);
        json.WriteString("warehouse", Warehouse);
    }
}
