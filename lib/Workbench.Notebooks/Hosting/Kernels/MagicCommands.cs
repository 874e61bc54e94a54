using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Hosting.Kernels;

/// <summary>
/// The magic commands the dotnet-interactive tool adds on top of the kernels' own (#!who, #!whos, #!set, #!share and
/// #!value come with the kernels): <c>#!time</c> (the cell's wall time, after its outputs) and <c>#!lsmagic</c> (every
/// kernel's magic commands).
/// </summary>
internal static class MagicCommands
{
    public static CompositeKernel UseToolMagicCommands(this CompositeKernel kernel)
    {
        kernel.AddDirective(new KernelActionDirective("#!time", "Time the cell: its wall time is shown after it runs."), new KernelCommandInvocation((_, context) =>
        {
            var clock = Stopwatch.StartNew();
            context.OnComplete(done => done.Publish(new DisplayedValueProduced(clock.Elapsed, done.Command,
                [new FormattedValue("text/plain", string.Create(CultureInfo.InvariantCulture, $"Wall time: {clock.Elapsed.TotalMilliseconds:0.###}ms"))])));
            return Task.CompletedTask;
        }));

        kernel.VisitSubkernelsAndSelf(k => k.AddDirective(new KernelActionDirective("#!lsmagic", "List the magic commands of every kernel."), new KernelCommandInvocation((_, context) =>
        {
            var root = context.HandlingKernel.RootKernel;
            var kernels = root is CompositeKernel composite ? [root, .. composite] : new[] { root };
            var html = new System.Text.StringBuilder();
            var text = new System.Text.StringBuilder();
            foreach (var each in kernels)
            {
                var directives = each.KernelInfo.SupportedDirectives.Where(d => !d.Hidden).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
                if (directives.Count == 0)
                {
                    continue;
                }

                html.Append(CultureInfo.InvariantCulture, $"<h3>{WebUtility.HtmlEncode(each.Name)} kernel</h3><dl>");
                text.AppendLine(CultureInfo.InvariantCulture, $"{each.Name} kernel:");
                foreach (var directive in directives)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<dt><code>{WebUtility.HtmlEncode(directive.Name)}</code></dt><dd>{WebUtility.HtmlEncode(directive.Description ?? string.Empty)}</dd>");
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {directive.Name,-16} {directive.Description}");
                }

                html.Append("</dl>");
            }

            context.Publish(new DisplayedValueProduced(text.ToString(), context.Command, [new FormattedValue("text/html", html.ToString()), new FormattedValue("text/plain", text.ToString())]));
            return Task.CompletedTask;
        })));
        return kernel;
    }

    /// <summary>
    /// Answers input requests (<c>Kernel.GetInputAsync</c>, <c>@input:</c>) from the values given on the command line
    /// (<c>--input name=value</c>, by prompt or parameter name); a request nobody answered fails naming its prompt.
    /// </summary>
    public static CompositeKernel UseInputs(this CompositeKernel kernel, IReadOnlyDictionary<string, string> inputs)
    {
        kernel.RegisterCommandHandler<RequestInput>((request, context) =>
        {
            var keys = new[] { request.ParameterName, request.SaveAs, request.Prompt, request.Prompt?.TrimEnd(':', ' ', '?') }.OfType<string>();
            if (keys.Select(k => inputs.TryGetValue(k, out var v) ? v : null).FirstOrDefault(v => v is not null) is { } value)
            {
                context.Publish(new InputProduced(value, request));
            }
            else
            {
                var name = request.ParameterName ?? request.SaveAs ?? request.Prompt;
                context.Fail(request, message:
                    $"The notebook asked for input (\"{request.Prompt}\"), and a headless run has nobody to ask: give it on the command line, " +
                    $"--input \"{name}=VALUE\"{(inputs.Count > 0 ? $" (given: {string.Join(", ", inputs.Keys)})" : string.Empty)}.");
            }

            return Task.CompletedTask;
        });
        return kernel;
    }
}
