namespace Workbench.Contracts;

/// <summary>ODCS logical types, named as the standard names them.</summary>
#pragma warning disable CA1720 // the members mirror the standard's type names (string, integer, object)
public enum LogicalType
{
    String,
    Date,
    Timestamp,
    Time,
    Number,
    Integer,
    Object,
    Array,
    Boolean,
}
#pragma warning restore CA1720
