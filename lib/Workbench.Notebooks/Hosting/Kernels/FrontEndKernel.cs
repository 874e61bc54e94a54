using Markdig;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Hosting.Kernels;

/// <summary>
/// A kernel whose cells a notebook front end shows rather than runs (HTML, Markdown, JavaScript, Mermaid): a cell becomes
/// one display output, as VS Code would show it, so the executed notebook and its HTML page carry it. Nothing is run.
/// </summary>
internal sealed class FrontEndKernel : Kernel, IKernelCommandHandler<SubmitCode>
{
    private readonly Func<string, IReadOnlyList<FormattedValue>> _render;

    private FrontEndKernel(string name, string language, Func<string, IReadOnlyList<FormattedValue>> render)
        : base(name)
    {
        _render = render;
        KernelInfo.LanguageName = language;
        KernelInfo.DisplayName = $"{language} (shown, not run)";
    }

    public Task HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        context.Publish(new DisplayedValueProduced(command.Code, command, _render(command.Code)));
        return Task.CompletedTask;
    }

    public static FrontEndKernel Html() => new("html", "HTML", code => [new FormattedValue("text/html", code)]);

    public static FrontEndKernel Markdown() => new("markdown", "Markdown", code =>
        [new FormattedValue("text/html", Markdig.Markdown.ToHtml(code, MarkdownPipeline)), new FormattedValue("text/markdown", code)]);

    /// <summary>JavaScript goes to the page as a script (nbformat's <c>application/javascript</c>, which front ends run).</summary>
    public static FrontEndKernel JavaScript() => new("javascript", "JavaScript", code =>
        [new FormattedValue("application/javascript", code), new FormattedValue("text/html", $"<script type=\"text/javascript\">{code.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)}</script>")]);

    /// <summary>Mermaid drawn here, offline, as SVG (flowcharts); other diagram kinds keep their source with a note.</summary>
    public static FrontEndKernel Mermaid() => new("mermaid", "Mermaid", code =>
        [new FormattedValue("text/html", Workbench.Text.MermaidSvg.Render(code)), new FormattedValue("text/plain", code)]);

    private static readonly Markdig.MarkdownPipeline MarkdownPipeline = new Markdig.MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
}
