using Workbench.Contracts;
using Workbench.Tests.Support;

namespace Workbench.Tests.Contracts;

public sealed class ContractLinterTests : TempDirectoryTest
{
    [Fact]
    public void Lint_RelationshipToUnknownTableOrColumn_IsAnErrorAcrossFiles()
    {
        Temp.File("contracts/customers.odcs.yaml", Contract("customers", "    properties:\n      - name: customer_id\n        logicalType: integer\n"));
        Temp.File("contracts/orders.odcs.yaml", Contract("orders", """
                properties:
                  - name: customer_id
                    relationships:
                      - to: customers.customer_key
                  - name: product_id
                    relationships:
                      - to: prodcts.product_id
            """));

        var result = ContractLinter.Lint([Path.Combine(Temp.Path, "contracts")]);

        Assert.Equal(2, result.FilesRead);
        Assert.True(result.HasErrors);
        var messages = result.Problems.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("table 'customers' has no property 'customer_key'", StringComparison.Ordinal) && m.Contains("Did you mean 'customer_id'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("names table 'prodcts', which no contract defines", StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.EndsWith("orders.odcs.yaml", p.Location.File, StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_TheProjectsOwnContracts_AreClean()
    {
        var root = Repository.Root;

        var result = ContractLinter.Lint([Path.Combine(root, "contracts")]);

        Assert.True(result.FilesRead >= 3, $"expected the project's contracts under contracts/, found {result.FilesRead}");
        Assert.DoesNotContain(result.Problems, p => p.Severity == ProblemSeverity.Error);
    }

    private static string Contract(string table, string body) =>
        $"apiVersion: v3.1.0\nkind: DataContract\nid: {table}\nversion: 1.0.0\nstatus: active\nschema:\n  - name: {table}\n{body}";
}
