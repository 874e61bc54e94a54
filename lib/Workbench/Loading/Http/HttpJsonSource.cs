namespace Workbench.Loading.Http;

/// <summary>
/// A paged JSON API: where to start, where the records are in each page, and how to get the next page: a page number
/// parameter (until a page has no records), a cursor the response names, or a next-page URL the response gives.
/// </summary>
public sealed record HttpJsonSource
{
    /// <summary>The first page.</summary>
    public required Uri Url { get; init; }

    /// <summary>Where the records are in a page, e.g. <c>data.items</c>; empty when the page is the array.</summary>
    public string RecordsPath { get; init; } = string.Empty;

    /// <summary>Page-number paging: the query parameter (e.g. <c>page</c>), counted from <see cref="FirstPage"/>.</summary>
    public string? PageParameter { get; init; }

    public int FirstPage { get; init; } = 1;

    /// <summary>Cursor paging: where the next cursor is in a page (e.g. <c>meta.next_cursor</c>); null or empty there ends it.</summary>
    public string? CursorPath { get; init; }

    /// <summary>Cursor paging: the query parameter the cursor is sent in.</summary>
    public string CursorParameter { get; init; } = "cursor";

    /// <summary>Link paging: where the next page's URL is in a page (e.g. <c>links.next</c>).</summary>
    public string? NextUrlPath { get; init; }

    /// <summary>A guard against an API that never stops paging.</summary>
    public int MaxPages { get; init; } = 10_000;

    /// <summary>A guard on the size of a fetch: every response together (they are kept as files, then loaded).</summary>
    public long MaxBytes { get; init; } = 2L << 30;

    /// <summary>
    /// Request headers (an <c>Authorization</c> token, say), their values already expanded. Header values are secrets:
    /// no message, file or history entry carries them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Attempts per page: server errors (5xx), 429 and timeouts are retried with exponential backoff.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long one request may take before it counts as a timeout (and is retried).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first retry; it doubles each attempt (with a little jitter).</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
}
