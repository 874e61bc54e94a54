using System.Text.Json.Serialization;

namespace Workbench.Notebooks.Hosting;

/// <summary>Source-generated JSON for the host protocol: no reflection warm-up in either process.</summary>
[JsonSerializable(typeof(HostPlan))]
[JsonSerializable(typeof(HostMessage))]
internal sealed partial class HostJson : JsonSerializerContext;
