namespace Workbench.Contracts;

/// <summary>A schema object together with the contract that describes it (its servers, its apiVersion, its file).</summary>
public sealed record ContractTable(DataContract Contract, SchemaObject Table)
{
    public override string ToString() => $"{Table.Name} ({Contract.File})";
}
