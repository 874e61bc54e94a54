using Workbench.Contracts;

namespace Workbench.Tests.Contracts;

public sealed class QualityQueryTests
{
    [Theory]
    [InlineData("SELECT COUNT(*) FROM {object}", "SELECT COUNT(*) FROM \"s\".\"t\"")]
    [InlineData("SELECT COUNT(*) FROM ${object}", "SELECT COUNT(*) FROM \"s\".\"t\"")]
    [InlineData("SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL", "SELECT COUNT(*) FROM \"s\".\"t\" WHERE \"c\" IS NOT NULL")]
    [InlineData("SELECT COUNT(*) FROM ${table} WHERE ${column} IS NOT NULL", "SELECT COUNT(*) FROM \"s\".\"t\" WHERE \"c\" IS NOT NULL")]
    [InlineData("SELECT COUNT(*) FROM ${model} WHERE {property} < 0 AND ${field} > -9", "SELECT COUNT(*) FROM \"s\".\"t\" WHERE \"c\" < 0 AND \"c\" > -9")]
    [InlineData("SELECT COUNT(*) FROM '{table}' WHERE \"${property}\" = 1", "SELECT COUNT(*) FROM \"s\".\"t\" WHERE \"c\" = 1")]
    [InlineData("SELECT COUNT(*) FROM {schema}.other", "SELECT COUNT(*) FROM \"s\".other")]
    [InlineData("SELECT COUNT(*) FROM {object} WHERE code ~ '^[A-Z]{3}$' AND note = '{object}x' -- {object}", "SELECT COUNT(*) FROM \"s\".\"t\" WHERE code ~ '^[A-Z]{3}$' AND note = '{object}x' -- {object}")]
    public void Fill_TheStandardsPlaceholders_BecomeQuotedIdentifiers_AndNothingElseChanges(string query, string expected)
    {
        Assert.Equal(expected, QualityQuery.Fill(query, "\"s\".\"t\"", "\"c\"", "\"s\""));
    }

    [Fact]
    public void Fill_ServerPlaceholders_TakeTheServersSettings_AndStayWhenItHasNone()
    {
        string? Server(string name) => name == "database" ? "shop" : null;

        Assert.Equal("SELECT 1 FROM \"shop\".\"s\".\"t\", ${dataset}.x", QualityQuery.Fill("SELECT 1 FROM {database}.{object}, ${dataset}.x", "\"s\".\"t\"", null, "\"s\"", Server));
    }

    [Fact]
    public void Find_UnknownPlaceholders_AreFoundWithWhereTheyAre()
    {
        var found = QualityQuery.Find("SELECT COUNT(*)\nFROM {tabel} WHERE ${colum} > 0");

        Assert.Equal(["tabel", "colum"], found.Select(p => p.Name));
        Assert.Equal((2, 6), (found[0].Line, found[0].Column));
        Assert.False(QualityQuery.IsKnown("tabel", atProperty: true));
        Assert.False(QualityQuery.IsKnown("column", atProperty: false));
        Assert.True(QualityQuery.IsKnown("column", atProperty: true));
    }

    [Theory]
    [InlineData("SELECT MIN(amount) FROM {object}", "MIN(amount)")]
    [InlineData("SELECT COUNT(*) AS n FROM t", "COUNT(*) AS n")]
    [InlineData("select count(distinct id)\nfrom t where x > 1", "count(distinct id)")]
    [InlineData("SELECT a, b FROM t", "the query's first column")]
    [InlineData("WITH x AS (SELECT 1 AS v) SELECT SUM(v) FROM x", "SUM(v)")]
    [InlineData("SELECT ABS((SELECT SUM(a) FROM t) - (SELECT SUM(b) FROM u))", "ABS((SELECT SUM(a) FROM t) - (SELECT SUM(b) FROM u))")]
    public void Measures_IsTheSelectedExpressionAsWritten(string query, string expected)
    {
        Assert.Equal(expected, QualityQuery.Measures(query));
    }

    [Fact]
    public void Lint_PlaceholderMistakes_AreErrorsAtTheirOwnLineAndColumn()
    {
        var result = ContractParser.Parse("q.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: q
            version: 1.0.0
            status: active
            schema:
              - name: t
                quality:
                  - type: sql
                    query: |
                      SELECT COUNT(*)
                      FROM {tabel}
                    mustBe: 0
            """);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("q.odcs.yaml:12:16: error: unknown placeholder {tabel} in the query; Workbench fills {object} (or {table}, {model}), {property} (or {column}, {field}, in a property's rules), {schema}, and the server's {database}, {catalog}, {project}, {dataset}.", problem.ToString());
    }
}
