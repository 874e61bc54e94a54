namespace Workbench.Errors;

/// <summary>A statement failed on the warehouse. The engine's exception is kept as <see cref="Exception.InnerException"/>.</summary>
public sealed class WarehouseException : WorkbenchException
{
    public WarehouseException(string message, string? sql, Exception? innerException = null)
        : base(message, innerException)
    {
        Sql = sql;
    }

    /// <summary>The statement that failed, if one did.</summary>
    public string? Sql { get; }
}
