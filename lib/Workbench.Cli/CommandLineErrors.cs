using System.CommandLine;
using Workbench.Errors;

namespace Workbench.Cli;

/// <summary>Runs the command line and turns our exceptions into a message and an exit code, never a stack trace for bad input.</summary>
internal static class CommandLineErrors
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (WorkbenchException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        finally
        {
            await Console.Out.FlushAsync();
            await Console.Error.FlushAsync();
        }
    }
}
