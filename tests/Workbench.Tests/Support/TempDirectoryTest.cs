namespace Workbench.Tests.Support;

/// <summary>Base for tests that need a scratch folder: one per test instance, deleted afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    /// <summary>A scratch folder that is a Workbench project (a minimal workbench.yaml), as every command needs one.</summary>
    protected TempDirectoryTest()
    {
        Temp.File("workbench.yaml", "name: test\n");
    }

    protected TempDirectory Temp { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
