using Workbench.Sql;

namespace Workbench.Tests.Sql;

public sealed class SqlQueryGuardTests
{
    [Theory]
    [InlineData("SELECT 1 AS x")]
    [InlineData("SELECT 1 AS x;")]
    [InlineData("WITH t AS (SELECT 1 AS x) SELECT * FROM t")]
    [InlineData("SELECT ';' AS semicolon, 'DELETE FROM t' AS text -- ; DROP TABLE t\n/* ; INSERT INTO t */")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)")]
    [InlineData("FROM raw.orders SELECT order_id")]
    [InlineData("SELECT $$it's; DROP$$ AS dollar_quoted, \"weird;name\" FROM t")]
    [InlineData("SELECT last_update, updated_at FROM t WHERE x IN (SELECT y FROM u)")]
    public void Check_OneQueryThatOnlyReads_Passes(string sql) => Assert.Null(SqlQueryGuard.Check(sql, "a model"));

    [Theory]
    [InlineData("SELECT 1 AS x; DELETE FROM raw.orders", 1, 16, "a second statement starts here: `DELETE FROM raw.orders`")]
    [InlineData("SELECT 1;\n\nDROP TABLE raw.payments", 3, 1, "a second statement")]
    [InlineData("DROP TABLE sales.orders", 1, 1, "this is a DROP statement")]
    [InlineData("INSERT INTO t SELECT 1", 1, 1, "this is a INSERT statement")]
    [InlineData("UPDATE t SET x = 1", 1, 1, "this is a UPDATE statement")]
    [InlineData("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone", 1, 15, "this DELETE inside it would change a table")]
    [InlineData("SELECT * INTO copy_of_t FROM t", 1, 10, "SELECT ... INTO would create a table")]
    [InlineData("EXPLAIN SELECT 1", 1, 1, "EXPLAIN statement")]
    public void Check_AnythingElse_IsAProblemAtItsLineAndColumn(string sql, int line, int column, string message)
    {
        var problem = SqlQueryGuard.Check(sql, "a model");

        Assert.NotNull(problem);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }
}
