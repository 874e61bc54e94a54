using System.Globalization;
using System.Net;
using System.Text;

namespace Workbench.Notebooks.Charts;

/// <summary>A report's header: a few headline numbers side by side, each with its label and unit, grouped and right-aligned.</summary>
public sealed record Kpis(IReadOnlyList<(string Label, decimal Value, string Unit)> Values)
{
    public static Kpis Of(params (string Label, decimal Value, string Unit)[] values) => new(values);

    public string ToHtml()
    {
        var html = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:12px;margin:8px 0\">");
        foreach (var (label, value, unit) in Values)
        {
            var number = value.ToString(decimal.Truncate(value) == value || Math.Abs(value) >= 1000 ? "#,##0" : "#,##0.00", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"<div style=\"border:1px solid #d0d7de;border-radius:8px;padding:8px 14px;min-width:9rem\"><div style=\"font-size:12px;color:#57606a\">{WebUtility.HtmlEncode(label)}</div>" +
                $"<div style=\"font-size:22px;font-weight:600;text-align:right;font-variant-numeric:tabular-nums\">{WebUtility.HtmlEncode(number)}<span style=\"font-size:12px;color:#57606a\"> {WebUtility.HtmlEncode(unit)}</span></div></div>");
        }

        return html.Append("</div>").ToString();
    }

    public override string ToString() => string.Join("; ", Values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Label} {v.Value:N2} {v.Unit}")));
}
