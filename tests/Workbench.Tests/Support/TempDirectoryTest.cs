namespace Workbench.Tests.Support;

/// <summary>Base for tests that need a scratch folder: one per test instance, deleted afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    protected TempDirectory Temp { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
