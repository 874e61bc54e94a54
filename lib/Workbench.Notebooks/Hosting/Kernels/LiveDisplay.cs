using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Hosting.Kernels;

/// <summary>
/// What <c>display(value)</c> returns in a C# cell: an output that <see cref="Update"/> replaces in place. The pinned
/// .NET Interactive gives a display and its updates different ids, so updates would pile up as new outputs; this one
/// keeps one id for both. The host declares <c>display</c> in the kernel to return it (<see cref="Show"/>).
/// </summary>
public sealed class LiveDisplay
{
    private readonly string[] _mimeTypes;

    private LiveDisplay(string[] mimeTypes) => _mimeTypes = mimeTypes;

    public string DisplayId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Shows <paramref name="value"/> as a new output of the running cell.</summary>
    public static LiveDisplay Show(object? value, params string[] mimeTypes)
    {
        var context = KernelInvocationContext.Current ?? throw new InvalidOperationException("display(...) works while a cell runs.");
        var formatted = FormattedValue.CreateManyFromObject(value!, mimeTypes);
        var display = new LiveDisplay(formatted.Select(f => f.MimeType).ToArray());
        context.Publish(new DisplayedValueProduced(value!, context.Command, formatted, display.DisplayId));
        return display;
    }

    /// <summary>Replaces the output with <paramref name="value"/> (in the cell that is running now, or the one that showed it).</summary>
    public void Update(object? value)
    {
        var context = KernelInvocationContext.Current ?? throw new InvalidOperationException("Update(...) works while a cell runs.");
        context.Publish(new DisplayedValueUpdated(value!, DisplayId, context.Command, FormattedValue.CreateManyFromObject(value!, _mimeTypes)));
    }

    /// <summary>The declaration the host submits to the C# kernel, so <c>display</c> in a cell is this one.</summary>
    internal static string Declaration =>
        $"{typeof(LiveDisplay).FullName} display(object value, params string[] mimeTypes) => {typeof(LiveDisplay).FullName}.Show(value, mimeTypes);";
}
