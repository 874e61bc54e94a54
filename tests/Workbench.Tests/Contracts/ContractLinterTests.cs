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

        var result = ContractLinter.Lint([Path.Combine(Temp.Path, "contracts")], wholeProject: true);

        Assert.Equal(2, result.FilesRead);
        Assert.True(result.HasErrors);
        var messages = result.Problems.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("table 'customers' has no property 'customer_key'", StringComparison.Ordinal) && m.Contains("Did you mean 'customer_id'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("names table 'prodcts', which no contract of the project defines", StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.EndsWith("orders.odcs.yaml", p.Location.File, StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_TheProjectsOwnContracts_AreClean()
    {
        var root = Repository.Root;

        var result = ContractLinter.Lint([Path.Combine(root, "contracts")], wholeProject: true);

        Assert.True(result.FilesRead >= 3, $"expected the project's contracts under contracts/, found {result.FilesRead}");
        Assert.DoesNotContain(result.Problems, p => p.Severity == ProblemSeverity.Error);
    }

    [Fact]
    public void Lint_RelationshipToATableOutsideTheFilesLinted_IsAWarningUnlessTheWholeProjectIs()
    {
        var orders = Temp.File("contracts/orders.odcs.yaml", Contract("orders", "    properties:\n      - name: customer_id\n        relationships:\n          - to: customers.customer_id\n"));

        var alone = ContractLinter.Lint([orders]);
        var project = ContractLinter.Lint([orders], wholeProject: true);

        var warning = Assert.Single(alone.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Contains("which no contract linted here defines, so it is not checked", warning.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemSeverity.Error, Assert.Single(project.Problems).Severity);
    }

    [Fact]
    public void Lint_RelationshipByPhysicalName_ResolvesWithANoteOnTheStandardsShorthand()
    {
        Temp.File("contracts/customers.odcs.yaml", Contract("customers", "    physicalName: marts.dim_customers\n    properties:\n      - name: customer_id\n        logicalType: integer\n"));
        Temp.File("contracts/orders.odcs.yaml", Contract("orders", """
                properties:
                  - name: customer_id
                    relationships:
                      - to: marts.dim_customers.customer_id
                  - name: buyer_id
                    relationships:
                      - to: dim_customers.customer_id
            """));

        var result = ContractLinter.Lint([Path.Combine(Temp.Path, "contracts")], wholeProject: true);

        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Problems));
        Assert.Contains(result.Problems, p => p.Severity == ProblemSeverity.Warning && p.Message.Contains("('customers.customer_id')", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_TwoContractsForOneTable_IsAnErrorNamingTheFirst()
    {
        Temp.File("contracts/a.odcs.yaml", Contract("customers", "    physicalName: marts.customers\n"));
        Temp.File("contracts/b.odcs.yaml", Contract("clients", "    physicalName: MARTS.customers\n"));

        var result = ContractLinter.Lint([Path.Combine(Temp.Path, "contracts")]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.EndsWith("b.odcs.yaml", problem.Location.File, StringComparison.Ordinal);
        Assert.Contains("already described by 'customers' at", problem.Message, StringComparison.Ordinal);
    }

    private static string Contract(string table, string body) =>
        $"apiVersion: v3.1.0\nkind: DataContract\nid: {table}\nversion: 1.0.0\nstatus: active\nschema:\n  - name: {table}\n{body}";
}
