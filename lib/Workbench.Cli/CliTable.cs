using System.Globalization;
using Spectre.Console;
using Workbench.Warehouse;

namespace Workbench.Cli;

/// <summary>
/// Query results on the command line: on a terminal a drawn table with numbers right-aligned and grouped, in colour;
/// in CI, a pipe or with NO_COLOR plain aligned text (numbers right-aligned, as written), which logs and tools read.
/// </summary>
internal static class CliTable
{
    /// <summary>Whether output goes to a person at a terminal in colour (not redirected; not CI or NO_COLOR). FORCE_COLOR colours, but never draws a table into a pipe.</summary>
    public static bool Interactive => CliConsole.ColourOut && !Console.IsOutputRedirected;

    public static void Write(QueryResult result, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(result);
        var numeric = result.Columns.Select(c => IsNumber(c.ClrType)).ToArray();
        var shown = result.Rows.Take(maxRows).ToList();
        if (Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (var i = 0; i < result.Columns.Count; i++)
            {
                table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(result.Columns[i].Name)}[/]")) { Alignment = numeric[i] ? Justify.Right : Justify.Left });
            }

            foreach (var row in shown)
            {
                table.AddRow(row.Select((v, i) => v is null ? new Markup("[grey]NULL[/]") : new Markup(Markup.Escape(Grouped(v, numeric[i])))).ToArray());
            }

            AnsiConsole.Write(table);
        }
        else
        {
            var cells = shown.Select(r => r.Select(QueryResult.FormatCell).ToArray()).ToList();
            var widths = result.Columns.Select((c, i) => Math.Max(c.Name.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
            string Pad(string text, int i) => numeric[i] ? text.PadLeft(widths[i]) : text.PadRight(widths[i]);
            Console.WriteLine(string.Join(" | ", result.Columns.Select((c, i) => Pad(c.Name, i))).TrimEnd());
            Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            foreach (var row in cells)
            {
                Console.WriteLine(string.Join(" | ", row.Select(Pad)).TrimEnd());
            }
        }

        var more = result.Rows.Count > shown.Count || result.Truncated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"({(more ? $"first {shown.Count} of {result.Rows.Count}{(result.Truncated ? "+" : string.Empty)} rows; --limit shows more" : $"{shown.Count} row{(shown.Count == 1 ? string.Empty : "s")}")})"));
    }

    private static string Grouped(object value, bool numeric) => numeric && value is IFormattable number
        ? number.ToString(value is double or float or decimal ? "#,##0.##########" : "#,##0", CultureInfo.InvariantCulture)
        : QueryResult.FormatCell(value);

    private static bool IsNumber(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(decimal)
            || t == typeof(double) || t == typeof(float) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte) || t == typeof(System.Numerics.BigInteger) || t == typeof(Int128) || t == typeof(UInt128));
}
