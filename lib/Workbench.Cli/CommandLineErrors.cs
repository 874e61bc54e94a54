using System.CommandLine;
using Workbench.Errors;

namespace Workbench.Cli;

/// <summary>
/// Runs the command line and turns every failure into a message and an exit code, never a stack trace unless asked
/// (<c>--verbose</c> or <c>WORKBENCH_VERBOSE=1</c>). Exit codes: 0 done; 1 the work failed (a check, a model, a load: the data's or the
/// project's fault, said in the message); 2 a usage error (bad arguments or selection); 3 the infrastructure failed
/// (the warehouse server, the disk, the network, permissions: worth retrying once it is fixed); 70 a bug in Workbench.
/// </summary>
internal static class CommandLineErrors
{
    public const int Infrastructure = 3;
    public const int Internal = 70;

    private static bool _verbose;

    /// <summary>
    /// After Ctrl-C or SIGTERM, how long a command gets to stop cleanly (interrupt a notebook's cell and save what ran,
    /// roll back a transaction) before the process exits anyway.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public static async Task<int> InvokeAsync(Command root, string[] args)
    {
        try
        {
            var parse = root.Parse(args);
            _verbose = args.Contains("--verbose", StringComparer.Ordinal) || Environment.GetEnvironmentVariable("WORKBENCH_VERBOSE") is "1" or "true";
            if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
            {
                // Bad arguments are a usage error (2), said once each, with where to read how the command is used.
                foreach (var error in parse.Errors)
                {
                    await Console.Error.WriteLineAsync("error: " + error.Message);
                }

                await Console.Error.WriteLineAsync($"Run `workbench {string.Join(' ', CommandPath(parse.CommandResult))} --help` for how to use it.".Replace("  ", " ", StringComparison.Ordinal));
                return 2;
            }

            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = StopGrace });
        }
        catch (WorkbenchException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            await VerboseAsync(e);
            return e.ExitCode;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            await VerboseAsync(e);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: stopped before it finished (Ctrl-C or a stop signal). What had not committed was rolled back; run it again to finish.");
            return 130;
        }
        catch (Workbench.Text.ArtifactWriteException e)
        {
            // What ran before the write is done (committed, published); only the file is missing, and the message says which.
            await Console.Error.WriteLineAsync("error: " + CliConsole.Masker.Apply(e.Message) + " The work before it is kept: what was loaded, built or published stays so.");
            await VerboseAsync(e);
            return Infrastructure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or ObjectDisposedException)
        {
            // A server that went away, a full disk, a lost connection: the open transaction was rolled back by the engine.
            await Console.Error.WriteLineAsync(
                $"error: the infrastructure failed while this ran: {Describe(e)}. What had not committed was rolled back: the published tables and raw batches are as they were " +
                "before this step (its run is in `workbench runs` as not finished). Fix the cause (is the server up? is there disk space?), then run it again.");
            await VerboseAsync(e);
            return Infrastructure;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(
                $"error: Workbench failed unexpectedly: {Describe(e)}. This is a bug; what had not committed was rolled back. " +
                "Run again with --verbose for the stack trace, and report it with that trace.");
            await VerboseAsync(e);
            return Internal;
        }
        finally
        {
            await Console.Out.FlushAsync();
            await Console.Error.FlushAsync();
        }
    }

    /// <summary>The names of the commands from the root's first subcommand to <paramref name="command"/>, e.g. <c>load csv</c>.</summary>
    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new Stack<string>();
        for (var at = command; at?.Parent is System.CommandLine.Parsing.CommandResult parent; at = parent)
        {
            names.Push(at.Command.Name);
        }

        return names;
    }

    private static string Describe(Exception e) =>
        CliConsole.Masker.Apply(e.GetType().Name + ": " + (e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message));

    private static async Task VerboseAsync(Exception e)
    {
        if (_verbose)
        {
            await Console.Error.WriteLineAsync(CliConsole.Masker.Apply(e.ToString()));
        }
    }
}
