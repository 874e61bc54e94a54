using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Tests.Support;

/// <summary>
/// A PostgreSQL server of a test's own (initdb into a temporary folder, the OS's server binaries), so a fault test can
/// stop and start it without touching the server the other tests share. As root (CI) the server runs as postgres.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string[] _asPostgres;

    private ThrowawayPostgres(string bin, string folder, int port, string[] asPostgres)
    {
        _bin = bin;
        _folder = folder;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    /// <summary>The OS's PostgreSQL server binaries are there (.ci/run requires them).</summary>
    public static string? Binaries => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
        : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Binaries ?? throw new InvalidOperationException("PostgreSQL server binaries are not under /usr/lib/postgresql/*/bin: apt-get install postgresql (.ci/run needs them too).");
        var folder = Directory.CreateTempSubdirectory("wb-fault-pg-").FullName;
        string[] asPostgres = Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--"] : [];
        if (asPostgres.Length > 0)
        {
            await RunAsync(["chown", "-R", "postgres", folder]);
        }

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new ThrowawayPostgres(bin, folder, port, asPostgres);
        await RunAsync([.. asPostgres, Path.Combine(bin, "initdb"), "-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await server.StartAgainAsync();
        return server;
    }

    public Task StartAgainAsync() => RunAsync([.. _asPostgres, Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);

    /// <summary>Stops the server at once, as a crash or an operator's immediate shutdown does: open transactions are lost.</summary>
    public Task StopImmediatelyAsync() => RunAsync([.. _asPostgres, Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopImmediatelyAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
