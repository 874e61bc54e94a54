using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workbench.Tests.Support;

/// <summary>A tiny HTTP server on 127.0.0.1 for loader tests: each request is answered by the test's handler.</summary>
public sealed class LocalJsonServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<Uri, int, Task<(int Status, string Body)>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    /// <param name="handler">Gets the request URL and the request's number (1-based) and returns status and body.</param>
    public LocalJsonServer(Func<Uri, int, Task<(int Status, string Body)>> handler)
    {
        _handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request's URL, in order.</summary>
    public ConcurrentQueue<Uri> Requests { get; } = new();

    /// <summary>Every request's Authorization header (null when it had none), in order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var url = context.Request.Url!;
                Authorizations.Enqueue(context.Request.Headers["Authorization"]);
                Requests.Enqueue(url);
                try
                {
                    var (status, body) = await _handler(url, Interlocked.Increment(ref _count));
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    // shutting down
                }
                catch (HttpListenerException)
                {
                    // the client gave up (a timeout test)
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
