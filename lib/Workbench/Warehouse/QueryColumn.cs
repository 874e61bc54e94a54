namespace Workbench.Warehouse;

/// <summary>A result column: its name, the .NET type values arrive as, and the engine's type name.</summary>
public sealed record QueryColumn(string Name, Type ClrType, string DataTypeName);
