using Workbench.Sql;

namespace Workbench.Tests.Sql;

public sealed class RelationScannerTests
{
    [Theory]
    [InlineData("SELECT * FROM a JOIN s.b AS x ON x.id = a.id LEFT OUTER JOIN \"S\".\"C\" c ON true", "a s.b S.C")]
    [InlineData("SELECT * FROM a, b AS bb, c WHERE a.x = 1", "a b c")]
    [InlineData("WITH t AS (SELECT * FROM s.src), u (n) AS MATERIALIZED (SELECT 1) SELECT * FROM t JOIN u ON true", "s.src")]
    [InlineData("SELECT EXTRACT(YEAR FROM d) AS y, SUBSTRING(x FROM 2 FOR 3) FROM t", "t")]
    [InlineData("SELECT * FROM read_csv('x.csv') AS r JOIN generate_series(1, 3) g ON true JOIN 'file.parquet' ON true", "")]
    [InlineData("SELECT * FROM (SELECT * FROM inner_t) AS sub, LATERAL (SELECT 1 FROM lat_t) AS l", "inner_t lat_t")]
    [InlineData("SELECT ARRAY(SELECT id FROM arr_t), (SELECT MAX(x) FROM scalar_t) FROM main_t", "arr_t scalar_t main_t")]
    [InlineData("SELECT 'FROM nope' AS s -- FROM nope2\nFROM yes /* JOIN nope3 */", "yes")]
    [InlineData("SELECT * FROM staging . stg_b UNION ALL SELECT * FROM c.d.e", "staging.stg_b c.d.e")]
    [InlineData("SELECT CAST(x AS TIMESTAMP WITH TIME ZONE) FROM t WHERE y IN (1, 2)", "t")]
    public void Scan_FindsTheRelationsAQueryReads_AndNothingThatOnlyLooksLikeOne(string sql, string expected)
    {
        var (relations, _) = RelationScanner.Scan(sql);

        Assert.Equal(expected, string.Join(' ', relations.Select(r => r.ToString())));
    }

    [Fact]
    public void Rewrite_KeepsTheOldNameAsAnAliasWhereThereWasNone_SoQualifiedColumnsStillResolve()
    {
        var sql = "SELECT stg_orders.id, o.x\nFROM stg_orders\nJOIN stg_orders AS o ON true";

        var rewritten = RelationScanner.Rewrite(sql, r => "\"staging\".\"stg_orders\"");

        Assert.Equal("SELECT stg_orders.id, o.x\nFROM \"staging\".\"stg_orders\" AS stg_orders\nJOIN \"staging\".\"stg_orders\" AS o ON true", rewritten);
    }
}
