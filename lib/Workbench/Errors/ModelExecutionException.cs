using Workbench.Models;

namespace Workbench.Errors;

/// <summary>A model failed to build. The engine's exception is the inner exception.</summary>
public sealed class ModelExecutionException : WorkbenchException
{
    public ModelExecutionException(ModelId model, string path, int? line, string sql, string engineMessage, Exception? innerException)
        : base($"{path}{(line is null ? string.Empty : $":{line}")}: model {model} failed: {engineMessage}", innerException)
    {
        Model = model;
        Path = path;
        Line = line;
        Sql = sql;
        EngineMessage = engineMessage;
    }

    public ModelId Model { get; }

    public string Path { get; }

    /// <summary>The line in the .sql file the engine pointed at, when it did.</summary>
    public int? Line { get; }

    public string Sql { get; }

    public string EngineMessage { get; }
}
