using System.Globalization;
using System.Net;
using System.Text.Json;
using Workbench.Errors;

namespace Workbench.Loading.Http;

/// <summary>One saved response: its page number, the URL it came from and the file it is kept in.</summary>
public sealed record FetchedPage(int Page, Uri Url, string File, int Attempts);

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
        for (var page = 1; page <= source.MaxPages; page++)
        {
            var (body, attempts) = await GetAsync(url, source, cancellationToken);
            var file = Path.Combine(folder, $"page-{page:00000}.json");
            await File.WriteAllBytesAsync(file, body, cancellationToken);
            pages.Add(new FetchedPage(page, url, file, attempts));
            using var document = Parse(body, url);
            var next = Next(document.RootElement, source, url, page);
            if (next is null)
            {
                return pages;
            }

            url = next;
        }

        throw new RawLoadException($"{source.Url}: more than {source.MaxPages} pages; the paging settings may not match the API (raise MaxPages if it really is that long).", source.Url.ToString(), string.Empty, []);
    }

    private Uri? Next(JsonElement page, HttpJsonSource source, Uri current, int pageNumber)
    {
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
            var records = source.RecordsPath.Length == 0 ? page : At(page, source.RecordsPath);
            var empty = records is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0;
            return empty ? null : WithParameter(source.Url, parameter, (source.FirstPage + pageNumber).ToString(CultureInfo.InvariantCulture));
        }

        return null; // one page
    }

    private async Task<(byte[] Body, int Attempts)> GetAsync(Uri url, HttpJsonSource source, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(source.Timeout);
            try
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return (body, attempt);
                }

                var status = (int)response.StatusCode;
                var excerpt = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new RawLoadException(
                        $"GET {url} answered {status} {response.ReasonPhrase}: {excerpt}. Client errors are not retried; check the URL, parameters and credentials.",
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

    private static JsonDocument Parse(byte[] body, Uri url)
    {
        try
        {
            return JsonDocument.Parse(body);
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
