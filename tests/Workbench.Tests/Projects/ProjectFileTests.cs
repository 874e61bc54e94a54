using Workbench.Project;
using Workbench.Tests.Support;

namespace Workbench.Tests.Projects;

public sealed class ProjectFileTests : TempDirectoryTest
{
    [Fact]
    public void Parse_OnlyAName_GivesAWorkingProjectOfDefaults()
    {
        var settings = ProjectFile.Parse("workbench.yaml", "name: shop\n");

        Assert.Equal("shop", settings.Name);
        Assert.Equal("duckdb", settings.Warehouse.Engine);
        Assert.Equal("artifacts/warehouse/workbench-{env}.duckdb", settings.Warehouse.Location);
        Assert.Equal(["dev", "qa", "prod"], settings.Environments.Select(e => e.Name));
        Assert.Equal("dev", settings.DefaultEnvironment);
        Assert.Equal(["contracts", "unit-tests", "load", "build", "test"], settings.Pipeline.Select(s => s.Name));
        Assert.Equal("sql", settings.Paths.Sql);
    }

    [Fact]
    public void Parse_EveryProblem_IsReportedAtOnceWithItsLineAndWhatToWrite()
    {
        var error = Assert.Throws<ProjectFileException>(() => ProjectFile.Parse("workbench.yaml", """
            name: shop
            warehose:
              engine: duckdb
            warehouses:
              server:
                engine: oracle
                connection: x
              pg:
                engine: postgres
                connection: Host=db;Database=shop;Password=hunter2
            environments:
              prod:
                warehouse: nowhere
            pipeline:
              - step: report
            """));

        var text = error.Message;
        Assert.Contains("workbench.yaml:2:1: 'warehose' is not a setting of workbench.yaml. Did you mean 'warehouse'?", text, StringComparison.Ordinal);
        Assert.Contains("workbench.yaml:6:", text, StringComparison.Ordinal);
        Assert.Contains("engine 'oracle' is not one Workbench runs on; use one of: duckdb, postgres", text, StringComparison.Ordinal);
        Assert.Contains("workbench.yaml:10:", text, StringComparison.Ordinal);
        Assert.Contains("holds a password", text, StringComparison.Ordinal);
        Assert.Contains("${WORKBENCH_PG_PASSWORD}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("environments.prod.warehouse 'nowhere' is not one of the warehouses (pg)", text, StringComparison.Ordinal);
        Assert.Contains("step 'report' does not say what it runs", text, StringComparison.Ordinal);
        Assert.Equal(5, error.Problems.Count);
    }

    [Fact]
    public void Parse_ASourcesEncodingAndLineLimit_ReachTheLoader_AndAnUnknownEncodingIsAProblemAtItsLine()
    {
        var settings = ProjectFile.Parse("workbench.yaml", """
            name: shop
            sources:
              - table: customers
                files: crm/*.csv
                delimiter: ";"
                encoding: Windows-1252
                max_line_bytes: 10000000
            """);
        var error = Assert.Throws<ProjectFileException>(() => ProjectFile.Parse("workbench.yaml", """
            name: shop
            sources:
              - table: customers
                files: crm/*.csv
                encoding: ebcdic
                max_line_bytes: lots
            """));

        var csv = Assert.Single(settings.Sources).Csv;
        Assert.Equal((';', "windows-1252", 10_000_000L), (csv.Delimiter, csv.Encoding.Name, csv.MaxLineBytes));
        Assert.Contains("workbench.yaml:5:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown encoding 'ebcdic'. Use one of: utf-8, latin1, windows-1252, utf-16.", error.Message, StringComparison.Ordinal);
        Assert.Contains("workbench.yaml:6:", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_line_bytes 'lots' must be a whole number of bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AScratchEnvironment_IsMarked_AndAnythingButTrueOrFalseIsAProblemAtItsLine()
    {
        var good = ProjectFile.Parse("workbench.yaml", "name: shop\nenvironments:\n  dev: {}\n  sandbox:\n    scratch: true\n");
        var bad = Assert.Throws<ProjectFileException>(() => ProjectFile.Parse("workbench.yaml", "name: shop\nenvironments:\n  sandbox:\n    scratch: yes please\n"));

        Assert.False(good.Environments.Single(e => e.Name == "dev").Scratch);
        Assert.True(good.Environments.Single(e => e.Name == "sandbox").Scratch);
        var problem = Assert.Single(bad.Problems);
        Assert.Contains("workbench.yaml:4:", bad.Message, StringComparison.Ordinal);
        Assert.Contains("environments.sandbox.scratch 'yes please' should be true", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveWarehouse_FillsInTheEnvironmentAndVariables_AndKeepsThePasswordOutOfItsDescription()
    {
        Temp.File("workbench.yaml", """
            name: shop
            warehouses:
              server:
                engine: postgres
                connection: Host=${PGHOST:-localhost};Database=shop_{env};Username=analyst
                password: ${SHOP_PASSWORD}
            environments:
              dev: {}
              prod: { warehouse: server }
            """);
        var project = WorkbenchProject.Load(Temp.Path);
        string? Variables(string name) => name == "SHOP_PASSWORD" ? "s3cr3t-value" : null;

        var prod = project.ResolveWarehouse("prod", variable: Variables);
        var dev = project.ResolveWarehouse("dev", variable: Variables);

        Assert.Contains("Database=shop_prod", prod.Options.Location, StringComparison.Ordinal);
        Assert.Contains("Host=localhost", prod.Options.Location, StringComparison.Ordinal);
        Assert.Contains("s3cr3t-value", prod.Options.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", prod.ToString(), StringComparison.Ordinal);
        Assert.Equal(["s3cr3t-value"], prod.Secrets);
        Assert.Equal(Path.Combine(Temp.Path, "artifacts", "warehouse", "workbench-dev.duckdb"), dev.Options.Location);
        Assert.NotEqual(project.StateFile(dev), project.StateFile(prod));
    }

    [Fact]
    public void ResolveWarehouse_AnUnsetVariable_IsAnErrorNamingItAndWhereItIsWritten()
    {
        Temp.File("workbench.yaml", "name: shop\nwarehouse:\n  engine: postgres\n  connection: Host=db;Username=me\n  password: ${NOT_SET_ANYWHERE}\n");

        var resolved = WorkbenchProject.Load(Temp.Path).ResolveWarehouse(null, variable: _ => null);
        var error = resolved.MissingSecret; // thrown when the warehouse is opened: listing models needs no password

        Assert.NotNull(error);
        Assert.Contains("workbench.yaml:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("${NOT_SET_ANYWHERE} is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveWarehouse_AnEnvironmentTheProjectDoesNotHave_ListsTheOnesItHas()
    {
        var error = Assert.Throws<ArgumentException>(() => WorkbenchProject.Load(Temp.Path).ResolveWarehouse("staging"));

        Assert.Contains("'staging' is not an environment of project test; its environments are dev, qa, prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FromAFolderDeepInside_FindsTheProject_AndOutsideOneSaysHowToMakeOne()
    {
        var deep = Path.Combine(Temp.Path, "sql", "staging");
        Directory.CreateDirectory(deep);

        Assert.Equal(Temp.Path, WorkbenchProject.Find(deep).Root);
        File.Delete(Path.Combine(Temp.Path, "workbench.yaml"));
        var error = Assert.Throws<DirectoryNotFoundException>(() => WorkbenchProject.Find(deep));
        Assert.Contains("workbench init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AProjectPinnedToAnotherVersion_RefusesToRunItAndSaysWhichVersions()
    {
        Temp.File("workbench.yaml", "name: old\nworkbench: \"0.3\"\n");

        var error = Assert.Throws<ProjectFileException>(() => WorkbenchProject.Load(Temp.Path));

        Assert.Contains("written for Workbench 0.3", error.Message, StringComparison.Ordinal);
        Assert.Contains($"this is Workbench {WorkbenchProject.LibraryVersion.ToString(3)}", error.Message, StringComparison.Ordinal);
    }
}
