using Workbench.Contracts;

namespace Workbench.Tests.Contracts;

public sealed class ContractDifferTests
{
    private const string Base = """
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: VERSION
        status: active
        schema:
          - name: orders
            properties:
              - name: id
                logicalType: integer
                primaryKey: true
              - name: code
                logicalType: string
                physicalType: VARCHAR(10)
                logicalTypeOptions:
                  maxLength: 10
                relationships:
                  - to: codes.code
              - name: amount
                logicalType: integer
                logicalTypeOptions:
                  minimum: 0
                  maximum: 100
                quality:
                  - metric: nullValues
                    unit: percent
                    mustBeLessThan: 5
                    severity: warning
              - name: status
                logicalType: string
                quality:
                  - metric: invalidValues
                    arguments:
                      validValues: [new, paid, sent]
                    mustBe: 0
              - name: note
                logicalType: string
            quality:
              - metric: rowCount
                mustBeGreaterThan: 0
        """;

    private static DataContract Contract(string version, Func<string, string>? edit = null) =>
        ContractParser.Parse("c.odcs.yaml", (edit ?? (s => s))(Base.Replace("VERSION", version, StringComparison.Ordinal))).Contract!;

    private static ContractDiff Diff(string newVersion, Func<string, string> edit) => ContractDiffer.Diff(Contract("1.0.0"), Contract(newVersion, edit));

    /// <summary>The snippets below are written at the source's indentation; the raw literal above drops 8 spaces.</summary>
    private static string Dedent(string text) => System.Text.RegularExpressions.Regex.Replace(text, "(?m)^ {8}", string.Empty);

    [Theory]
    [InlineData("removed property", "\n              - name: note\n                logicalType: string", "", "orders.note: property removed")]
    [InlineData("narrowed type", "              - name: amount\n                logicalType: integer", "              - name: amount\n                logicalType: boolean", "type changed from integer to boolean")]
    [InlineData("newly required", "              - name: note\n                logicalType: string", "              - name: note\n                logicalType: string\n                required: true", "orders.note: now required")]
    [InlineData("removed allowed value", "[new, paid, sent]", "[new, paid]", "allowed value(s) removed: sent")]
    [InlineData("changed primary key", "                primaryKey: true\n", "", "primary key changed from (id) to ()")]
    [InlineData("tighter maximum", "                  maximum: 100", "                  maximum: 50", "maximum changed from 100 to 50")]
    [InlineData("shorter physical type", "VARCHAR(10)", "VARCHAR(5)", "physical type changed from VARCHAR(10) to VARCHAR(5)")]
    [InlineData("added relationship", "              - name: note\n                logicalType: string", "              - name: note\n                logicalType: string\n                relationships:\n                  - to: notes.id", "orders.note: relationship added: orders.note → notes.id")]
    [InlineData("relationship pointed elsewhere", "to: codes.code", "to: codes_v2.code", "orders.code: relationship added: orders.code → codes_v2.code")]
    [InlineData("removed table", "          - name: orders\n", "          - name: orders_v2\n", "orders: table removed")]
    [InlineData("tighter row count", "                mustBeGreaterThan: 0", "                mustBeGreaterThan: 100", "orders: rowCount > 100 (error): must be > 0 -> must be > 100 (tighter)")]
    [InlineData("a warning that becomes a tighter error", "                    mustBeLessThan: 5\n                    severity: warning", "                    mustBeLessThan: 2\n                    severity: error", "nullValues < 2% (error): severity warning -> error")]
    [InlineData("new error rule", "              - name: note\n                logicalType: string", "              - name: note\n                logicalType: string\n                quality:\n                  - metric: nullValues\n                    mustBe: 0", "orders.note: quality rule added: nullValues = 0 (error)")]
    [InlineData("narrower between", "                mustBeGreaterThan: 0", "                mustBeBetween: [1, 10]", "must be > 0 -> must be between 1 and 10 (tighter)")]
    public void Diff_BreakingChange_IsClassifiedBreakingAndNeedsAMajorBump(string _, string from, string to, string expected)
    {
        var minor = Diff("1.1.0", s => s.Replace(Dedent(from), Dedent(to), StringComparison.Ordinal));
        var major = Diff("2.0.0", s => s.Replace(Dedent(from), Dedent(to), StringComparison.Ordinal));

        Assert.Contains(minor.Changes, c => c.Breaking && c.ToString().Contains(expected, StringComparison.Ordinal));
        Assert.False(minor.Acceptable);
        Assert.Contains("Bump to 2.0.0", minor.VersionProblem, StringComparison.Ordinal);
        Assert.True(major.Acceptable, major.VersionProblem);
    }

    [Theory]
    [InlineData("added optional property", "              - name: note\n                logicalType: string", "              - name: note\n                logicalType: string\n              - name: extra\n                logicalType: string", "orders.extra: optional property added")]
    [InlineData("widened type", "              - name: amount\n                logicalType: integer", "              - name: amount\n                logicalType: number", "type widened from integer to number")]
    [InlineData("longer physical type", "VARCHAR(10)", "VARCHAR(20)", "(widened)")]
    [InlineData("looser maximum", "                  maximum: 100", "                  maximum: 500", "maximum changed from 100 to 500")]
    [InlineData("removed relationship", "\n                relationships:\n                  - to: codes.code", "", "orders.code: relationship removed: orders.code → codes.code")]
    [InlineData("added allowed value", "[new, paid, sent]", "[new, paid, sent, lost]", "allowed value(s) added: lost")]
    [InlineData("looser row count", "                mustBeGreaterThan: 0", "                mustBeGreaterOrEqualTo: 0", "must be > 0 -> must be >= 0 (looser)")]
    [InlineData("tighter warning", "                    mustBeLessThan: 5", "                    mustBeLessThan: 1", "must be < 5 -> must be < 1 (tighter)")]
    [InlineData("error becomes a warning", "                mustBeGreaterThan: 0", "                mustBeGreaterThan: 0\n                severity: warning", "severity error -> warning")]
    [InlineData("removed rule", "\n            quality:\n              - metric: rowCount\n                mustBeGreaterThan: 0", "", "quality rule removed: rowCount > 0 (error)")]
    [InlineData("new warning rule", "              - name: note\n                logicalType: string", "              - name: note\n                logicalType: string\n                quality:\n                  - metric: nullValues\n                    mustBe: 0\n                    severity: warning", "quality rule added: nullValues = 0 (warning) (warning: it does not fail a build)")]
    public void Diff_CompatibleChange_IsNotBreakingAndAMinorBumpIsEnough(string _, string from, string to, string expected)
    {
        var diff = Diff("1.1.0", s => s.Replace(Dedent(from), Dedent(to), StringComparison.Ordinal));

        Assert.Contains(diff.Changes, c => !c.Breaking && c.ToString().Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(diff.Changes, c => c.Breaking);
        Assert.True(diff.Acceptable, diff.VersionProblem);
    }

    [Fact]
    public void Diff_ChangeWithoutAnyVersionBump_IsAProblem()
    {
        var diff = Diff("1.0.0", s => s.Replace("[new, paid, sent]", "[new, paid, sent, lost]", StringComparison.Ordinal));

        Assert.Contains("did not go up", diff.VersionProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_IdenticalContracts_HasNoChanges()
    {
        var diff = ContractDiffer.Diff(Contract("1.0.0"), Contract("1.0.0"));

        Assert.Empty(diff.Changes);
        Assert.True(diff.Acceptable);
    }
}
