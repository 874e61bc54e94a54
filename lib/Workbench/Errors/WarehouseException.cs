namespace Workbench.Errors;

/// <summary>A statement failed on the warehouse. The engine's exception is kept as <see cref="Exception.InnerException"/>.</summary>
public sealed class WarehouseException : WorkbenchException
{
    public WarehouseException(string message, string? sql, Exception? innerException = null, int? statementLine = null)
        : base(message, innerException)
    {
        Sql = sql;
        StatementLine = statementLine;
    }

    /// <summary>The statement that failed, if one did.</summary>
    public string? Sql { get; }

    /// <summary>The 1-based line of <see cref="Sql"/> the engine pointed at, when it did (each engine says it its own way).</summary>
    public int? StatementLine { get; }

    /// <summary>The statement tried to write inside a read-only transaction (a check that would have changed data), and the engine refused.</summary>
    public bool WriteRefused { get; init; }

    /// <summary>The warehouse could not be reached at all (the server is down, the address or credentials are wrong): an infrastructure failure.</summary>
    public bool Unreachable { get; init; }

    /// <summary>3 when the warehouse could not be reached (infrastructure, as the command line documents), else 1.</summary>
    public override int ExitCode => Unreachable ? 3 : 1;

    /// <summary>The engine's own message (the inner exception's), without Workbench's framing.</summary>
    public string EngineMessage => (InnerException?.Message ?? Message).Trim();
}
