using System.Globalization;
using System.Net;
using System.Text;
using Workbench.Warehouse;

namespace Workbench.Notebooks.Interactive;

/// <summary>A query result as an HTML table: column names with types, numbers right-aligned and grouped, NULLs marked, long results cut with a note.</summary>
public static class QueryResultHtml
{
    public static string Render(QueryResult result, int maxRows = 50)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder("<table class=\"wb-result\"><thead><tr>");
        foreach (var column in result.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th title=\"{WebUtility.HtmlEncode(column.DataTypeName)}\">{WebUtility.HtmlEncode(column.Name)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in result.Rows.Take(maxRows))
        {
            html.Append("<tr>");
            foreach (var value in row)
            {
                html.Append(value switch
                {
                    null => "<td><i style=\"color:#8c959f\">NULL</i></td>",
                    // Numbers right-aligned, thousands grouped: columns of figures read down.
                    decimal or double or float or long or int or short or byte => $"<td style=\"text-align:right;font-variant-numeric:tabular-nums\">{WebUtility.HtmlEncode(Grouped((IFormattable)value))}</td>",
                    _ => $"<td>{WebUtility.HtmlEncode(QueryResult.FormatCell(value))}</td>",
                });
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        var shown = Math.Min(maxRows, result.RowCount);
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:12px;color:#57606a\">{result.RowCount}{(result.Truncated ? "+" : string.Empty)} row(s){(shown < result.RowCount ? $", first {shown} shown" : string.Empty)}</p>");
        return html.ToString();
    }

    private static string Grouped(IFormattable number) =>
        number.ToString(number is decimal or double or float ? "#,##0.##########" : "#,##0", CultureInfo.InvariantCulture);
}
