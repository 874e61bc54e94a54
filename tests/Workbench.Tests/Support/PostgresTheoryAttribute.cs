namespace Workbench.Tests.Support;

/// <summary>A theory that needs the PostgreSQL test server (as a source, not only as a warehouse): skipped, saying why, without it.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!Engines.HasPostgres)
        {
            Skip = "needs the PostgreSQL test server: set WORKBENCH_TEST_POSTGRES, or run the tests through .ci/run";
        }
    }
}
