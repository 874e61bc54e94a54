using Workbench.Contracts;
using Workbench.Contracts.Documentation;
using Workbench.Tests.Support;

namespace Workbench.Tests.Contracts;

public sealed class DataDictionaryTests
{
    private const string Marts = """
        apiVersion: v3.1.0
        kind: DataContract
        id: shop.marts
        version: 2.1.0
        status: active
        description:
          purpose: Facts about orders.
        schema:
          - name: fct_orders
            physicalName: marts.fct_orders
            description: One row per order <script>alert(1)</script>
            properties:
              - name: order_id
                logicalType: integer
                physicalType: BIGINT
                primaryKey: true
                primaryKeyPosition: 1
              - name: customer_id
                logicalType: integer
                relationships:
                  - to: stg_customers.customer_id
              - name: channel
                logicalType: string
                description: web | store
                logicalTypeOptions:
                  pattern: "^(web|store)$"
                quality:
                  - metric: nullValues
                    unit: percent
                    mustBeLessThan: 5
                    severity: warning
            quality:
              - type: sql
                description: Nothing in the future.
                query: SELECT COUNT(*) FROM {object} WHERE order_id < 0
                mustBe: 0
        slaProperties:
          - property: latency
            value: 1
            unit: d
            element: fct_orders.order_id
        """;

    private const string Staging = """
        apiVersion: v3.1.0
        kind: DataContract
        id: shop.staging
        version: 1.0.0
        status: draft
        schema:
          - name: stg_customers
            physicalName: staging.stg_customers
            properties:
              - name: customer_id
                logicalType: integer
                required: true
                unique: true
        """;

    private static DataDictionary Build() =>
        DataDictionary.Build([ContractParser.Parse("contracts/marts/fct_orders.odcs.yaml", Marts).Contract!, ContractParser.Parse("contracts/staging/stg.odcs.yaml", Staging).Contract!]);

    [Fact]
    public void Build_OrdersTablesByLayer_AndShowsRulesAndRelationshipsBothWays()
    {
        var dictionary = Build();

        Assert.Equal(["stg_customers", "fct_orders"], dictionary.Tables.Select(t => t.Table.Name));
        var facts = dictionary.Tables[1];
        Assert.Equal("marts", facts.Layer);
        Assert.Equal("integer (BIGINT)", facts.Columns[0].Type);
        Assert.True(facts.Columns[0].Key);
        Assert.Equal(["matches `^(web|store)$`"], facts.Columns[2].Constraints);
        Assert.Equal(["null values must be < 5 % (warning)"], facts.Columns[2].Rules);
        Assert.Equal(["stg_customers.customer_id"], facts.Columns[1].References);
        Assert.Equal("Nothing in the future: `SELECT COUNT(*) FROM {object} WHERE order_id < 0` must be 0 (error)", Assert.Single(facts.Rules));
        Assert.Equal(["latency: 1 d on fct_orders.order_id"], facts.Slas);
        Assert.Equal(["fct_orders.customer_id → stg_customers.customer_id"], dictionary.Tables[0].ReferencedBy);
        Assert.Equal(["required", "unique"], dictionary.Tables[0].Columns[0].Constraints);
    }

    [Fact]
    public void Markdown_EscapesTableCells_AndLinksEachContractRelativeToTheOutput()
    {
        var markdown = MarkdownDictionary.Render(Build(), Path.GetFullPath("contracts"));

        Assert.Contains("| channel | string |  | matches `^(web\\|store)$`; null values must be < 5 % (warning) |  | web \\| store |", markdown, StringComparison.Ordinal);
        Assert.Contains("contract [shop.marts 2.1.0](marts/fct_orders.odcs.yaml)", markdown, StringComparison.Ordinal);
        Assert.Contains("[stg_customers.customer_id](#stg_customers)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_EncodesContractText_AndHasAnAnchorPerTable()
    {
        var html = HtmlDictionary.Render(Build(), Path.GetFullPath("."), DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"fct_orders\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#stg_customers\">stg_customers.customer_id</a>", html, StringComparison.Ordinal);
        Assert.Contains("<code>^(web|store)$</code>", html, StringComparison.Ordinal);
        Assert.Contains("<summary>Contract: <code>contracts/marts/fct_orders.odcs.yaml</code></summary><pre>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"../..", html, StringComparison.Ordinal); // nothing outside the folder of run pages
    }

    [Fact]
    public void CommittedDictionary_MatchesTheContracts()
    {
        var contracts = Path.Combine(Repository.Root, "contracts");
        var lint = ContractLinter.Lint([contracts]);

        var expected = MarkdownDictionary.Render(DataDictionary.Build(lint.Contracts), contracts);

        var committed = File.ReadAllText(Path.Combine(contracts, "DICTIONARY.md"));
        Assert.True(expected == committed,
            "contracts/DICTIONARY.md is out of date with the contracts. Regenerate it: dotnet cake --target=Docs (or ./workbench contract docs -o contracts/DICTIONARY.md)");
    }
}
