using System.Text.Encodings.Web;
using System.Text.Json;

namespace Workbench.Text;

/// <summary>
/// How Workbench writes JSON (artifacts, history, <c>--json</c> output): characters as they are, not <c>\u0022</c> and
/// <c>\u00FC</c>; these files are read by people and tools, never pasted into HTML unescaped. Only what JSON requires is escaped.
/// </summary>
public static class JsonText
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static JsonWriterOptions Writer(bool indented = false) => new() { Indented = indented, Encoder = Encoder };

    public static JsonSerializerOptions Serializer { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
