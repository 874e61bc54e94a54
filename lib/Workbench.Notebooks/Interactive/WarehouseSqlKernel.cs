using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.ValueSharing;
using Workbench.Notebooks.Frames;
using Workbench.Warehouse;

namespace Workbench.Notebooks.Interactive;

/// <summary>
/// The <c>sql</c> cell kind: runs a cell's SQL on the notebook's warehouse and shows the result as a table.
/// A first line <c>-- name: x</c> also hands the result to C# cells as a variable <c>x</c> (a <see cref="QueryResult"/>);
/// <c>#!share --from sql x</c> works too.
/// </summary>
public sealed class WarehouseSqlKernel : Kernel, IKernelCommandHandler<SubmitCode>, IKernelCommandHandler<RequestValue>, IKernelCommandHandler<RequestValueInfos>
{
    public const string DefaultName = "sql";
    private const int MaxRowsKept = 100_000;
    private readonly Func<WarehouseConnection> _warehouse;
    private readonly Dictionary<string, QueryResult> _results = new(StringComparer.Ordinal);

    public WarehouseSqlKernel(Func<WarehouseConnection> warehouse, string name = DefaultName)
        : base(name)
    {
        _warehouse = warehouse;
        KernelInfo.LanguageName = "SQL";
        KernelInfo.DisplayName = "SQL (Workbench warehouse)";
    }

    public async Task HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var sql = command.Code.Trim();
        var (name, frame) = ResultName(sql);
        var result = await _warehouse().QueryAsync(sql, MaxRowsKept, context.CancellationToken);
        _results["last"] = result;
        if (name is not null)
        {
            _results[name] = result;
            if (ParentKernel?.ChildKernels.OfType<CSharpKernel>().FirstOrDefault() is { } csharp)
            {
                if (frame)
                {
                    await csharp.SetValueAsync(name, result.ToDataFrame(), typeof(Microsoft.Data.Analysis.DataFrame));
                }
                else
                {
                    await csharp.SetValueAsync(name, result, typeof(QueryResult));
                }
            }
        }

        context.Display(result.Columns.Count == 0 ? new HtmlString("<p>OK</p>") : new HtmlString(QueryResultHtml.Render(result)), HtmlFormatter.MimeType);
    }

    public Task HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (!_results.TryGetValue(command.Name, out var result))
        {
            context.Fail(command, message: $"The sql kernel has no result named '{command.Name}'. Name one with a first line `-- name: {command.Name}`. Known: {string.Join(", ", _results.Keys)}.");
            return Task.CompletedTask;
        }

        context.Publish(new ValueProduced(result, command.Name, new FormattedValue(PlainTextFormatter.MimeType, result.ToText()), command));
        return Task.CompletedTask;
    }

    public Task HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Publish(new ValueInfosProduced(
            _results.Select(r => new KernelValueInfo(r.Key, new FormattedValue(PlainTextFormatter.MimeType, $"{r.Value.RowCount} rows"), typeof(QueryResult), typeof(QueryResult).FullName!)).ToList(),
            command));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The name a cell gives its result on its first line, and whether C# gets it as a DataFrame:
    /// <c>-- name: orders</c> (a <see cref="QueryResult"/>) or <c>-- dataframe: orders</c>.
    /// </summary>
    private static (string? Name, bool Frame) ResultName(string sql)
    {
        var first = sql.Split('\n')[0].Trim();
        if (!first.StartsWith("--", StringComparison.Ordinal))
        {
            return (null, false);
        }

        var content = first[2..].Trim();
        return content.StartsWith("name:", StringComparison.OrdinalIgnoreCase) ? (content[5..].Trim(), false)
            : content.StartsWith("dataframe:", StringComparison.OrdinalIgnoreCase) ? (content[10..].Trim(), true)
            : (null, false);
    }
}
