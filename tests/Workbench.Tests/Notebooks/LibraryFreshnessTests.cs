using Workbench.Notebooks.Interactive;
using Workbench.Tests.Support;

namespace Workbench.Tests.Notebooks;

public sealed class LibraryFreshnessTests : TempDirectoryTest
{
    [Fact]
    public void Check_SourceNewerThanTheLoadedLibrary_RefusesAndSaysToRebuildAndRestart()
    {
        var source = Temp.File("lib/Workbench.Notebooks/Running/Changed.cs", "// edited after the build");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(5));

        var error = Assert.Throws<StaleLibraryException>(() => LibraryFreshness.Check(typeof(LibraryFreshness).Assembly, Temp.Path));

        Assert.Contains("lib/Workbench.Notebooks/Running/Changed.cs changed after Workbench.Notebooks.dll was built", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet build lib/Workbench.Cli", error.Message, StringComparison.Ordinal);
        Assert.Contains("restart the kernel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NewerSourceInAnotherProject_DoesNotMakeThisLibraryStale()
    {
        var other = Temp.File("lib/Workbench.Cli/Program.cs", "// another project, rebuilt separately");
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddMinutes(5));

        LibraryFreshness.Check(typeof(LibraryFreshness).Assembly, Temp.Path);
    }

    [Fact]
    public void Check_SourcesOlderThanTheLibrary_Passes()
    {
        var source = Temp.File("lib/Workbench.Notebooks/Old.cs", "// built already");
        File.SetLastWriteTimeUtc(source, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var generated = Temp.File("lib/Workbench.Notebooks/obj/Generated.cs", "// build output is not a source");
        File.SetLastWriteTimeUtc(generated, DateTime.UtcNow.AddMinutes(5));

        LibraryFreshness.Check(typeof(LibraryFreshness).Assembly, Temp.Path);
    }
}
