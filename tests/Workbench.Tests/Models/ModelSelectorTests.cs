using Workbench.Errors;
using Workbench.Models;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

public sealed class ModelSelectorTests : TempDirectoryTest
{
    private ModelProject Project()
    {
        Temp.File("sql/staging/stg_a.sql", "-- tags: daily, finance\nSELECT * FROM raw.a");
        Temp.File("sql/staging/stg_b.sql", "SELECT * FROM raw.b");
        Temp.File("sql/marts/fct.sql", "-- tags: finance\nSELECT * FROM staging.stg_a JOIN staging.stg_b USING (id)");
        Temp.File("sql/marts/report.sql", "SELECT * FROM marts.fct");
        Temp.File("sql/marts/other.sql", "SELECT * FROM staging.stg_b");
        return ModelProject.Load(Temp.Path, "sql", ["raw"]);
    }

    private static string[] Names(IReadOnlySet<ModelId> ids) => [.. ids.Select(i => i.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("fct", "fct")]
    [InlineData("marts.fct", "fct")]
    [InlineData("+fct", "fct stg_a stg_b")]
    [InlineData("fct+", "fct report")]
    [InlineData("+fct+", "fct report stg_a stg_b")]
    [InlineData("staging", "stg_a stg_b")]
    [InlineData("tag:finance", "fct stg_a")]
    [InlineData("tag:finance,marts", "fct")]
    [InlineData("path:sql/staging", "stg_a stg_b")]
    [InlineData("stg_a report", "report stg_a")]
    [InlineData("stg_b+", "fct other report stg_b")]
    public void Select_EachSelectorForm_PicksTheModelsDbtUsersExpect(string selector, string expected)
    {
        var selected = ModelSelector.Select(Project(), [selector]);

        Assert.Equal(expected.Split(' '), Names(selected));
    }

    [Fact]
    public void Select_Exclude_RemovesAfterSelecting()
    {
        var selected = ModelSelector.Select(Project(), ["stg_b+"], ["marts.report", "other"]);

        Assert.Equal(["fct", "stg_b"], Names(selected));
    }

    [Fact]
    public void Select_Nothing_MeansEverything()
    {
        Assert.Equal(5, ModelSelector.Select(Project(), []).Count);
    }

    [Fact]
    public void Select_UnknownName_IsAnErrorWithTheClosestNameAndTheForms()
    {
        var error = Assert.Throws<ModelSelectionException>(() => ModelSelector.Select(Project(), ["+fcts"]));

        Assert.Contains("Did you mean 'fct'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("tag:TAG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StateModified_IsTheChangedModelsAndEverythingBuiltFromThem()
    {
        var project = Project();
        var state = Path.Combine(Temp.Path, "state.json");
        var all = new ModelRunSummary([.. project.Models.Keys.Select(id => new ModelRunResult(id, ModelStatus.Succeeded, 1, TimeSpan.Zero, null))]);
        ModelArtifacts.UpdateState(state, project, all);
        File.WriteAllText(Path.Combine(Temp.Path, "sql", "staging", "stg_b.sql"), "-- changed\nSELECT * FROM raw.b WHERE id > 0");

        var changed = ModelProject.Load(Temp.Path, "sql", ["raw"]);
        var selected = ModelSelector.Select(changed, ["state:modified"], modified: ModelArtifacts.ModifiedSince(ModelArtifacts.ReadState(state)));

        Assert.Equal(["fct", "other", "report", "stg_b"], Names(selected));
    }

    [Fact]
    public void StateModified_AModelThatFailedLastTime_StaysModified()
    {
        var project = Project();
        var state = Path.Combine(Temp.Path, "state.json");
        var results = project.Models.Keys.Select(id => new ModelRunResult(id, id.Name == "report" ? ModelStatus.Failed : ModelStatus.Succeeded, 1, TimeSpan.Zero, null));
        ModelArtifacts.UpdateState(state, project, new ModelRunSummary([.. results]));

        var selected = ModelSelector.Select(project, ["state:modified"], modified: ModelArtifacts.ModifiedSince(ModelArtifacts.ReadState(state)));

        Assert.Equal(["report"], Names(selected));
    }
}
