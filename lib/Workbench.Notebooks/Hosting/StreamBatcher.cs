using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Hosting;

/// <summary>
/// Sends host messages in order, joining consecutive stream outputs (stdout or stderr of one cell) into one message
/// sent at most every <see cref="Interval"/>: a cell that writes 200,000 lines costs a few hundred messages, not
/// 200,000 JSON lines each flushed to the parent. Any other message sends what is pending first, so order holds.
/// Thread-safe: kernel events arrive on several threads.
/// </summary>
internal sealed class StreamBatcher : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);
    private const int MaxPendingChars = 1 << 20;

    private readonly ProtocolWriter _protocol;
    private readonly Func<Running.OutputLimits> _limits;
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly Timer _timer;
    private int _cell = -1;
    private string? _stream;

    public StreamBatcher(ProtocolWriter protocol, Func<Running.OutputLimits> limits)
    {
        _protocol = protocol;
        _limits = limits;
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
    }

    public void Send(HostMessage message)
    {
        lock (_gate)
        {
            if (message is { Type: HostMessage.OutputProduced, Output: { } output } && (string?)output["output_type"] == "stream"
                && (string?)output["name"] is { } stream && (string?)output["text"] is { } text)
            {
                if (_stream is not null && (_cell != message.Cell || _stream != stream))
                {
                    FlushLocked();
                }

                (_cell, _stream) = (message.Cell, stream);
                _text.Append(text);
                if (_text.Length >= MaxPendingChars)
                {
                    FlushLocked();
                }

                return;
            }

            FlushLocked();
            _protocol.Send(message);
        }
    }

    /// <summary>Sends the pending stream text, if any.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_stream is null || _text.Length == 0)
        {
            _stream = null;
            return;
        }

        var output = new JsonObject { ["output_type"] = "stream", ["name"] = _stream, ["text"] = _text.ToString() };
        KernelEventConverter.Bound(output, _limits());
        _protocol.Send(new HostMessage { Type = HostMessage.OutputProduced, Cell = _cell, Output = output });
        _text.Clear();
        _stream = null;
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
