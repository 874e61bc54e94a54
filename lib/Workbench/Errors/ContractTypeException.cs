using Workbench.Contracts;

namespace Workbench.Errors;

/// <summary>A contract names a type the engine in use cannot hold; says where, and what to write instead. Nothing was created.</summary>
public sealed class ContractTypeException(SourceLocation location, string message)
    : WorkbenchException($"{location}: {message}")
{
    public SourceLocation Location { get; } = location;
}
