namespace Workbench.Loading;

/// <summary>How a JSON source holds its records.</summary>
/// <param name="RecordsPath">
/// Where the records are in a JSON document, as property names separated by dots (e.g. <c>data.items</c> for an API
/// response <c>{"data": {"items": [...]}}</c>); empty for a document that is the array itself, or a single record.
/// </param>
/// <param name="Lines">True for NDJSON (one record per line); null decides by extension (.ndjson, .jsonl).</param>
/// <param name="Separator">Joins the keys of nested objects into one column name: <c>customer.address.city</c> → <c>customer__address__city</c>.</param>
public sealed record JsonSourceFormat(string RecordsPath = "", bool? Lines = null, string Separator = "__")
{
    public static JsonSourceFormat Default { get; } = new();

    /// <summary>Whether <paramref name="path"/> holds one record per line.</summary>
    public bool IsLines(string path) =>
        Lines ?? Path.GetExtension(path).ToLowerInvariant() is ".ndjson" or ".jsonl";
}
