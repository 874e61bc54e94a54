using System.Globalization;
using System.Net;
using System.Text.Json;
using Workbench.Errors;

namespace Workbench.Loading.Http;

/// <summary>One saved response: its page number, the URL it came from, the file it is kept in, and how many records it has (null: not an array there).</summary>
public sealed record FetchedPage(int Page, Uri Url, string File, int Attempts)
{
    public int? Records { get; init; }
}

/// <summary>
/// Fetches every page of a paged JSON API and keeps each response, exactly as it came, as a file (the bronze pattern):
/// loading reads the files, so a load can be repeated or audited without calling the API again. Server errors, 429 and
/// timeouts are retried with exponential backoff; other client errors stop at once with the status and the body.
/// </summary>
public sealed class HttpJsonFetcher(HttpClient http)
{
    public async Task<IReadOnlyList<FetchedPage>> FetchAsync(HttpJsonSource source, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(folder);
        var pages = new List<FetchedPage>();
        var url = source.PageParameter is { } parameter ? WithParameter(source.Url, parameter, source.FirstPage.ToString(CultureInfo.InvariantCulture)) : source.Url;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        long bytes = 0;
        for (var page = 1; page <= source.MaxPages; page++)
        {
            // The response streams into its bronze file and is parsed from there: the body is never held whole.
            var file = Path.Combine(folder, $"page-{page:00000}.json");
            var (size, attempts) = await GetAsync(url, source, file, source.MaxBytes - bytes, cancellationToken);
            bytes += size;
            int? records;
            Uri? next;
            await using (var stream = File.OpenRead(file))
            {
                using var document = await ParseAsync(stream, url, cancellationToken);
                records = RecordsIn(document.RootElement, source);
                next = Next(document.RootElement, source, url, page, records);
            }

            pages.Add(new FetchedPage(page, url, file, attempts) { Records = records });
            if (next is null)
            {
                return pages;
            }

            // An API that hands back a next page it already gave is not advancing: a page asked for twice is not asked a third time.
            seen[url.AbsoluteUri] = seen.GetValueOrDefault(url.AbsoluteUri) + 1;
            if (seen.GetValueOrDefault(next.AbsoluteUri) >= 2)
            {
                throw new RawLoadException(
                    $"{source.Url}: page {page} names the same next page again ({Describe(source)} -> {next}): the API is not advancing. Nothing was loaded; the " +
                    $"{pages.Count} response(s) fetched are kept in {folder}. Check the paging option ({(source.CursorPath is not null ? "--cursor-path" : source.NextUrlPath is not null ? "--next-url-path" : "--page-param")}) against a response.",
                    source.Url.ToString(), string.Empty, []);
            }

            url = next;
        }

        throw new RawLoadException($"{source.Url}: more than {source.MaxPages:N0} pages; the paging settings may not match the API (raise --max-pages if it really is that long). Nothing was loaded; the responses are kept in {folder}.", source.Url.ToString(), string.Empty, []);
    }

    private static string Describe(HttpJsonSource source) =>
        source.CursorPath is { } cursor ? $"cursor at {cursor}" : source.NextUrlPath is { } link ? $"link at {link}" : $"page parameter {source.PageParameter}";

    /// <summary>How many records a page holds where the records are, or null when that is not an array.</summary>
    private static int? RecordsIn(JsonElement page, HttpJsonSource source) =>
        (source.RecordsPath.Length == 0 ? page : At(page, source.RecordsPath)) is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : null;

    private static Uri? Next(JsonElement page, HttpJsonSource source, Uri current, int pageNumber, int? records)
    {
        if (records == 0)
        {
            return null; // an empty page ends paging, whatever the paging says
        }

        if (source.NextUrlPath is { } linkPath)
        {
            return At(page, linkPath) is { ValueKind: JsonValueKind.String } link && link.GetString() is { Length: > 0 } next ? new Uri(current, next) : null;
        }

        if (source.CursorPath is { } cursorPath)
        {
            var cursor = At(page, cursorPath);
            var text = cursor?.ValueKind switch
            {
                JsonValueKind.String => cursor.Value.GetString(),
                JsonValueKind.Number => cursor.Value.GetRawText(),
                _ => null,
            };
            return string.IsNullOrEmpty(text) ? null : WithParameter(source.Url, source.CursorParameter, text);
        }

        if (source.PageParameter is { } parameter)
        {
            return records is null or 0 ? null : WithParameter(source.Url, parameter, (source.FirstPage + pageNumber).ToString(CultureInfo.InvariantCulture));
        }

        return null; // one page
    }

    /// <summary>Gets one page into <paramref name="file"/>, retrying what may pass; returns its size and the attempts it took.</summary>
    private async Task<(long Bytes, int Attempts)> GetAsync(Uri url, HttpJsonSource source, string file, long budget, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(source.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var (name, value) in source.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return (await SaveAsync(response, file, budget, url, source, timeout.Token), attempt);
                }

                var status = (int)response.StatusCode;
                var excerpt = await ExcerptAsync(response, timeout.Token);
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new RawLoadException(
                        $"GET {url} answered {status} {response.ReasonPhrase}: {excerpt}. Client errors are not retried; check the URL, parameters and credentials{(source.Headers.Count > 0 ? $" (headers sent: {string.Join(", ", source.Headers.Select(h => h.Key))})" : string.Empty)}.",
                        url.ToString(), string.Empty, []);
                }

                failures.Add($"{status} {response.ReasonPhrase}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"no answer within {source.Timeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.Message);
            }

            if (attempt >= source.MaxAttempts)
            {
                throw new RawLoadException(
                    $"GET {url} failed {attempt} times ({string.Join("; ", failures)}). Nothing from this page was loaded; pages fetched before it are kept. Try again later, or allow more attempts (MaxAttempts, --attempts).",
                    url.ToString(), string.Empty, []);
            }

            var backoff = source.FirstBackoff * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
            await Task.Delay(backoff, cancellationToken);
        }
    }

    /// <summary>Streams a body into its file, stopping at the fetch's size budget.</summary>
    private static async Task<long> SaveAsync(HttpResponseMessage response, string file, long budget, Uri url, HttpJsonSource source, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long written = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > budget)
            {
                throw new RawLoadException(
                    $"GET {url}: the fetch passed its size limit of {source.MaxBytes / 1_048_576.0:0.##} MB in all (--max-mb). Nothing was loaded; the responses before this page are kept. Raise --max-mb if the API really is that large.",
                    url.ToString(), string.Empty, []);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return written;
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[200];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static async Task<JsonDocument> ParseAsync(Stream body, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new RawLoadException($"GET {url} answered with a body that is not JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split(" Path:")[0]}", url.ToString(), string.Empty, [], e);
        }
    }

    private static JsonElement? At(JsonElement element, string path)
    {
        foreach (var step in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element;
    }

    private static Uri WithParameter(Uri url, string name, string value)
    {
        var builder = new UriBuilder(url);
        var query = System.Web.HttpUtility.ParseQueryString(builder.Query);
        query[name] = value;
        builder.Query = query.ToString();
        return builder.Uri;
    }
}
