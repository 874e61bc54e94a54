using System.Text;
using System.Text.Json;

namespace Workbench.Notebooks.Hosting;

/// <summary>Writes host messages as JSON lines to the parent. Thread-safe: kernel events arrive on several threads.</summary>
internal sealed class ProtocolWriter
{
    private readonly Stream _stream;
    private readonly Lock _gate = new();

    public ProtocolWriter(Stream stream)
    {
        _stream = stream;
    }

    public void Send(HostMessage message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, HostJson.Default.HostMessage) + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }
}
