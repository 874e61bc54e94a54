using System.Text;
using Workbench.Application;
using Workbench.Text;
using Workbench.Warehouse;

namespace Workbench.Cli;

/// <summary>
/// The command line's console: standard output and error pass through one <see cref="SecretMasker"/>, which knows the
/// secrets given in arguments and in the environment when the command starts and those every session resolves later.
/// Whatever a command or the library prints, no password reaches the terminal or a CI log.
/// </summary>
internal static class CliConsole
{
    public static SecretMasker Masker { get; } = new();

    /// <summary>Whether standard output is coloured (a person at a terminal; see <see cref="CliColour.For"/>).</summary>
    public static bool ColourOut { get; private set; }

    /// <summary>Wraps the console's writers and learns the secrets the process was started with.</summary>
    public static void Install(string[] args)
    {
        Masker.Add(args.SelectMany(ConnectionSecrets.Find));
        if (Environment.GetEnvironmentVariable(SessionOptions.WarehouseVariable) is { Length: > 0 } inherited)
        {
            Masker.Add(ConnectionSecrets.Find(inherited));
        }

        ColourOut = CliColour.For(Console.IsOutputRedirected);
        Console.SetOut(new MaskingWriter(Console.Out, Masker, ColourOut));
        Console.SetError(new MaskingWriter(Console.Error, Masker, CliColour.For(Console.IsErrorRedirected)));
        Warehouse.ConnectRetry.Default = Warehouse.ConnectRetry.Default with { Report = line => Console.Error.WriteLine("note: " + line) };
    }

    /// <summary>A text writer that masks secrets line by line before they reach <paramref name="inner"/>, and colours verdicts when <paramref name="colour"/>.</summary>
    internal sealed class MaskingWriter(TextWriter inner, SecretMasker masker, bool colour = false) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => inner.Encoding;

        public TextWriter Inner => inner;

        public override void Write(char value)
        {
            lock (_line)
            {
                _line.Append(value);
                if (value == '\n')
                {
                    FlushLine();
                }
            }
        }

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            lock (_line)
            {
                _line.Append(value);
                if (value.Contains('\n', StringComparison.Ordinal))
                {
                    FlushLine();
                }
            }
        }

        public override void WriteLine(string? value) => Write((value ?? string.Empty) + Environment.NewLine);

        public override void Flush()
        {
            lock (_line)
            {
                FlushLine();
                inner.Flush();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }

        private void FlushLine()
        {
            if (_line.Length == 0)
            {
                return;
            }

            var masked = masker.Apply(_line.ToString());
            inner.Write(colour ? CliColour.Apply(masked) : masked);
            inner.Flush();
            _line.Clear();
        }
    }
}
