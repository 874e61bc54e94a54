using Workbench.Notebooks.Parameters;
using Workbench.Tests.Support;
using static Workbench.Tests.Support.Notebooks;

namespace Workbench.Tests.Notebooks;

public sealed class ParameterTests : TempDirectoryTest
{
    private const string ParametersCell = """
        string env = "dev"; // which environment
        DateOnly runDate = new DateOnly(2024, 1, 31);
        var scale = 0.5;
        int batchSize = 100;
        bool fullRefresh = false;
        decimal threshold = 1.5m;
        List<string> tables = new();
        """;

    [Fact]
    public void Parse_ParametersCell_ReadsNamesTypesDefaultsAndComments()
    {
        var parameters = ParameterCellParser.Parse(ParametersCell);

        Assert.Equal(["env", "runDate", "scale", "batchSize", "fullRefresh", "threshold", "tables"], parameters.Select(p => p.Name));
        Assert.Equal(["string", "DateOnly", "double", "int", "bool", "decimal", "List<string>"], parameters.Select(p => p.TypeName));
        Assert.Equal("\"dev\"", parameters[0].Default);
        Assert.Equal("which environment", parameters[0].Description);
        Assert.Equal(typeof(DateOnly), parameters[1].Type!.ClrType);
        Assert.Null(parameters[6].Type);
    }

    [Fact]
    public void Bind_ValuesAreConvertedToTheDeclaredTypesWithInvariantCulture()
    {
        var declared = ParameterCellParser.Parse(ParametersCell);

        var bound = ParameterBinder.Bind("nb.ipynb", declared, new Dictionary<string, string>
        {
            ["runDate"] = "2024-03-05", ["scale"] = "2.25", ["batchSize"] = "7", ["fullRefresh"] = "yes", ["threshold"] = "0.1",
        }).ToDictionary(b => b.Parameter.Name, b => b.Value);

        Assert.Equal(new DateOnly(2024, 3, 5), bound["runDate"]);
        Assert.Equal(2.25, bound["scale"]);
        Assert.Equal(7, bound["batchSize"]);
        Assert.Equal(true, bound["fullRefresh"]);
        Assert.Equal(0.1m, bound["threshold"]);
    }

    [Fact]
    public void Bind_UnknownNameAndUnconvertibleValue_AreAllReportedWithTheParameterList()
    {
        var declared = ParameterCellParser.Parse(ParametersCell);

        var error = Assert.Throws<NotebookParameterException>(() => ParameterBinder.Bind("nb.ipynb", declared, new Dictionary<string, string>
        {
            ["batchSize"] = "lots", ["run_date"] = "2024-01-01", ["tables"] = "a,b", ["fulRefresh"] = "true", ["nothing_like_it"] = "1",
        }));

        Assert.Equal(5, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("'fulRefresh' is not a parameter", StringComparison.Ordinal) && p.Contains("did you mean 'fullRefresh'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'nothing_like_it' is not a parameter of this notebook.", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'batchSize' is a int, and 'lots' is not one", StringComparison.Ordinal) && p.Contains("-p batchSize=42", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'run_date' is not a parameter", StringComparison.Ordinal) && p.Contains("did you mean 'runDate'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'tables' is declared as 'List<string>'", StringComparison.Ordinal));
        Assert.Matches(@"runDate\s+DateOnly\s+new DateOnly\(2024, 1, 31\)", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public async Task Run_TypedParameters_AreInjectedAfterTheParametersCellWithTheirTypes()
    {
        var path = Write(Temp, "params",
            Code(ParametersCell, tag: "parameters"),
            Code("Console.WriteLine($\"{env}|{runDate:yyyy-MM-dd}|{scale}|{batchSize + 1}|{fullRefresh}|{threshold * 2}\");"));

        var result = await RunAsync(path, new Dictionary<string, string>
        {
            ["env"] = "prod \"quoted\"", ["runDate"] = "2024-02-29", ["scale"] = "3", ["batchSize"] = "41", ["fullRefresh"] = "true", ["threshold"] = "2.5",
        });

        Assert.True(result.Succeeded, result.Failure?.Describe("params"));
        var cells = ReadJson(result.ExecutedNotebookPath)["cells"]!.AsArray();
        Assert.Equal("injected-parameters", cells[1]!["metadata"]!["tags"]![0]!.GetValue<string>());
        var text = cells[2]!["outputs"]![0]!["text"]!.GetValue<string>().Trim();
        Assert.Equal("prod \"quoted\"|2024-02-29|3|42|True|5.0", text);
    }

    [Fact]
    public async Task Run_BadParameter_FailsBeforeAnyCellRuns()
    {
        var path = Write(Temp, "bad", Code(ParametersCell, tag: "parameters"), Code("File.WriteAllText(\"ran.txt\", \"x\");"));

        await Assert.ThrowsAsync<NotebookParameterException>(() => RunAsync(path, new Dictionary<string, string> { ["runDate"] = "31/01/2024" }));

        Assert.False(File.Exists(Path.Combine(Temp.Path, "ran.txt")));
    }
}
