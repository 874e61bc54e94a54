using Workbench.Contracts;

namespace Workbench.Tests.Contracts;

public sealed class ContractParserTests
{
    /// <summary>A full v3.1 document touching every section: fundamentals, servers, schema, properties, options, quality, relationships, SLAs, team.</summary>
    private const string Full = """
        apiVersion: v3.1.0
        kind: DataContract
        id: 53581432-6c55-4ba2-a65f-72344a91553a
        name: retail orders
        version: 1.2.0
        status: active
        domain: sales
        dataProduct: retail
        tenant: workbench
        tags: [orders, finance]
        description:
          purpose: Orders placed in the web shop.
          usage: Revenue reporting.
          limitations: Guest orders have no customer.
        servers:
          - server: local
            type: duckdb
            environment: dev
            database: artifacts/warehouse/workbench-dev.duckdb
        schema:
          - name: orders
            physicalName: staging.stg_orders
            physicalType: table
            description: One row per order.
            businessName: Orders
            properties:
              - name: order_id
                logicalType: integer
                physicalType: BIGINT
                required: true
                unique: true
                primaryKey: true
                primaryKeyPosition: 1
                examples: [1, 2]
              - name: customer_id
                logicalType: integer
                relationships:
                  - to: customers.customer_id
                    type: foreignKey
              - name: status
                logicalType: string
                logicalTypeOptions:
                  pattern: "^(placed|shipped|delivered|cancelled|returned)$"
                  maxLength: 16
                quality:
                  - metric: invalidValues
                    arguments:
                      validValues: [placed, shipped, delivered, cancelled, returned]
                    mustBe: 0
              - name: amount
                logicalType: number
                logicalTypeOptions:
                  minimum: 0
                  maximum: 100000
                classification: internal
              - name: ordered_at
                logicalType: timestamp
                partitioned: true
            quality:
              - type: library
                metric: rowCount
                mustBeBetween: [1, 1000000]
                severity: warning
              - type: sql
                query: SELECT COUNT(*) FROM {object} WHERE amount < 0
                mustBe: 0
                unit: rows
          - name: customers
            properties:
              - name: customer_id
                logicalType: integer
                primaryKey: true
        slaProperties:
          - property: latency
            value: 4
            unit: h
            element: orders.ordered_at
          - property: retention
            value: 3
            unit: y
        team:
          name: data-platform
          members:
            - username: ada@example.com
              role: owner
        price:
          priceAmount: 0
          priceCurrency: EUR
          priceUnit: month
        """;

    [Fact]
    public void Parse_FullV31Document_ReadsEverySectionAndKeepsFieldsItDoesNotActOn()
    {
        var result = ContractParser.Parse("orders.odcs.yaml", Full);

        Assert.Empty(result.Problems);
        var contract = result.Contract!;
        Assert.Equal(("v3.1.0", "1.2.0", "active", "sales"), (contract.ApiVersion, contract.Version, contract.Status, contract.Domain));
        Assert.Equal("Revenue reporting.", contract.Usage);
        Assert.Equal(["orders", "finance"], contract.Tags);
        Assert.Equal("duckdb", contract.Servers.Single().Type);
        Assert.Equal("artifacts/warehouse/workbench-dev.duckdb", contract.Servers.Single().Setting("database"));
        var orders = contract.Schema[0];
        Assert.Equal("staging.stg_orders", orders.TableName);
        Assert.Equal("Orders", orders.Other["businessName"]);
        Assert.Equal(["order_id"], orders.PrimaryKey.Select(p => p.Name));
        var id = orders.Properties[0];
        Assert.True(id.Required && id.Unique && id.PrimaryKey);
        Assert.Equal(LogicalType.Integer, id.LogicalType);
        Assert.Equal(["customers.customer_id"], orders.Properties[1].Relationships.Single().To);
        var status = orders.Properties[2];
        Assert.Equal(16, status.Options!.MaxLength);
        Assert.Equal(QualityMetric.InvalidValues, status.Quality.Single().Metric);
        Assert.Equal(new QualityOperator(QualityOperatorKind.MustBe, 0), status.Quality.Single().Operator);
        Assert.Equal("0", orders.Properties[3].Options!.Minimum);
        Assert.True(orders.Properties[4].Partitioned);
        Assert.Equal(new QualityOperator(QualityOperatorKind.MustBeBetween, 1, 1000000), orders.Quality[0].Operator);
        Assert.Equal("warning", orders.Quality[0].Severity);
        Assert.Equal(QualityRuleType.Sql, orders.Quality[1].Type);
        Assert.Equal("latency", contract.SlaProperties[0].Property);
        Assert.Equal("orders.ordered_at", contract.SlaProperties[0].Element);
        Assert.True(contract.Other.ContainsKey("team"));
        Assert.True(contract.Other.ContainsKey("price"));
    }

    [Fact]
    public void Parse_V30Document_WithPlainDescriptionAndLegacyRule_Loads()
    {
        var result = ContractParser.Parse("old.odcs.yaml", """
            apiVersion: v3.0.2
            kind: DataContract
            id: x
            version: 1.0.0
            status: draft
            schema:
              - name: t
                properties:
                  - name: c
                    logicalType: string
                    quality:
                      - rule: nullValues
                        mustBe: 0
            """);

        Assert.False(result.HasErrors);
        Assert.Equal(QualityMetric.NullValues, result.Contract!.Schema[0].Properties[0].Quality[0].Metric);
    }

    [Fact]
    public void Parse_V30FreeFormRuleName_IsKeptWithAWarning_AndListedAsSkipped()
    {
        var result = ContractParser.Parse("old.odcs.yaml", """
            apiVersion: v3.0.2
            kind: DataContract
            id: x
            version: 1.0.0
            status: draft
            schema:
              - name: t
                properties:
                  - name: c
                    logicalType: string
                    quality:
                      - rule: nullCheck
                        dimension: completeness
                        severity: error
            """);

        var warning = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Equal((12, 19), (warning.Location.Line, warning.Location.Column));
        Assert.Contains("rule 'nullCheck' (free text in ODCS v3.0) is not one Workbench evaluates", warning.Message, StringComparison.Ordinal);
        Assert.Equal("completeness", result.Contract!.Schema[0].Properties[0].Quality[0].Other["dimension"]);
        var check = Assert.Single(ContractCheckCompiler.Compile(result.Contract, Workbench.Warehouse.DuckDbDialect.Instance));
        Assert.Contains("nullCheck", check.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedYaml_ReportsLineAndColumnAndSaysWhatToCheck()
    {
        var result = ContractParser.Parse("bad.odcs.yaml", "apiVersion: v3.1.0\nschema:\n  - name: t\n   properties: [\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal("bad.odcs.yaml", problem.Location.File);
        Assert.True(problem.Location.Line >= 3, problem.ToString());
        Assert.Contains("not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.Null(result.Contract);
    }

    [Fact]
    public void Parse_EveryProblemIsReportedAtOnceWithItsLocation()
    {
        var result = ContractParser.Parse("t.odcs.yaml", """
            apiVersion: v2.2.2
            kind: Contract
            id: x
            status: active
            schema:
              - name: t
                properties:
                  - name: id
                    logicalType: int
                    requried: true
                    required: "yes"
                  - name: ID
                    logicalType: string
                    quality:
                      - metric: nullValue
                        mustBe: 0
                      - metric: rowCount
                      - type: sql
                        mustBeBetween: [10, 1]
            """);

        var messages = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:1:13: error: apiVersion 'v2.2.2' is not supported", StringComparison.Ordinal) && m.Contains("converted to v3", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:2:7: error: kind is 'Contract'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:1:1: error: 'version' is required", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:9:22: error: logicalType 'int' is not an ODCS v3.1.0 logical type", StringComparison.Ordinal) && m.Contains("integer", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:10:9: error: 'requried' is not a field of a property", StringComparison.Ordinal) && m.Contains("Did you mean 'required'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:11:19: error: 'required' must be true or false, not 'yes'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:12:9: error: property 'ID' appears more than once in 't'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:15:21: error: metric 'nullValue' is not an ODCS library metric", StringComparison.Ordinal) && m.Contains("Did you mean 'nullValues'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:17:13: error: the rule needs one operator", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:18:13: error: 'query' is required", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("t.odcs.yaml:19:28: error: mustBeBetween takes two different numbers, smallest first: [1, 10]", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TwoOperatorsOnOneRule_IsAnErrorNamingBoth()
    {
        var result = ContractParser.Parse("t.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: x
            version: 1.0.0
            status: active
            schema:
              - name: t
                quality:
                  - metric: rowCount
                    mustBeGreaterThan: 0
                    mustBeLessThan: 10
            """);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("mustBeGreaterThan and mustBeLessThan", problem.Message, StringComparison.Ordinal);
        Assert.Equal(11, problem.Location.Line);
    }

    [Theory]
    [InlineData(QualityOperatorKind.MustBe, 5, null, 5, true)]
    [InlineData(QualityOperatorKind.MustNotBe, 5, null, 5, false)]
    [InlineData(QualityOperatorKind.MustBeGreaterThan, 5, null, 5, false)]
    [InlineData(QualityOperatorKind.MustBeGreaterOrEqualTo, 5, null, 5, true)]
    [InlineData(QualityOperatorKind.MustBeLessThan, 5, null, 4, true)]
    [InlineData(QualityOperatorKind.MustBeLessOrEqualTo, 5, null, 6, false)]
    [InlineData(QualityOperatorKind.MustBeBetween, 1, 10, 10, true)]
    [InlineData(QualityOperatorKind.MustBeBetween, 1, 10, 11, false)]
    [InlineData(QualityOperatorKind.MustNotBeBetween, 1, 10, 0, true)]
    [InlineData(QualityOperatorKind.MustNotBeBetween, 1, 10, 5, false)]
    public void Operator_IsSatisfiedByMeasuredValue(QualityOperatorKind kind, int value, int? upper, int measured, bool expected) =>
        Assert.Equal(expected, new QualityOperator(kind, value, upper).IsSatisfiedBy(measured));

    [Fact]
    public void Parse_UnknownSchemaMode_IsAnErrorListingTheModes()
    {
        var result = ContractParser.Parse("c.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: c
            version: 1.0.0
            status: active
            schema:
              - name: t
                customProperties:
                  - property: schemaMode
                    value: frozen
            """);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(10, problem.Location.Line);
        Assert.Contains("evolve, freeze, discard_row, discard_value", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The rest of the standard: roles, support, price, team, authoritative definitions and custom properties at every
    /// level, several server types, nested object and array properties, composite relationships, every quality rule type
    /// with its optional fields, and every SLA field.
    /// </summary>
    private const string Everything = """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:workbench:payments
        name: Card payments
        version: 3.0.0
        status: draft
        domain: finance
        dataProduct: payments
        tenant: emea
        contractCreatedTs: "2026-01-15T10:00:00Z"
        tags: [pci, finance]
        description:
          purpose: Settled card payments.
          usage: Reconciliation.
          limitations: No refunds.
          authoritativeDefinitions:
            - type: businessDefinition
              url: https://example.com/glossary/payment
          customProperties:
            - property: owner-slack
              value: "#payments"
        authoritativeDefinitions:
          - type: canonicalUrl
            url: https://example.com/contracts/payments.yaml
        customProperties:
          - property: refreshCron
            value: "0 3 * * *"
        servers:
          - id: pg-prod
            server: prod
            type: postgres
            environment: prod
            description: The operational database.
            host: db.example.com
            port: 5432
            database: shop
            schema: public
            roles:
              - role: reader
                access: read
          - server: lake
            type: s3
            location: s3://bucket/payments/*.parquet
            format: parquet
          - server: events
            type: kafka
            host: broker:9092
            format: avro
        schema:
          - id: payments_obj
            name: payments
            physicalName: finance.payments
            physicalType: table
            logicalType: object
            businessName: Payments
            dataGranularityDescription: One row per settled payment.
            tags: [settled]
            authoritativeDefinitions:
              - type: implementation
                url: https://example.com/dbt/payments
            customProperties:
              - property: schemaMode
                value: freeze
            relationships:
              - type: foreignKey
                from: [payments.merchant_id, payments.merchant_country]
                to: [merchants.id, merchants.country]
            properties:
              - id: payment_id_prop
                name: payment_id
                businessName: Payment
                logicalType: string
                physicalType: VARCHAR(36)
                logicalTypeOptions:
                  format: uuid
                  minLength: 36
                  maxLength: 36
                primaryKey: true
                primaryKeyPosition: 1
                required: true
                unique: true
                criticalDataElement: true
                tags: [key]
              - name: merchant_id
                logicalType: integer
                logicalTypeOptions:
                  format: i64
                  exclusiveMinimum: 0
              - name: merchant_country
                logicalType: string
                partitioned: true
                partitionKeyPosition: 1
              - name: card_number
                logicalType: string
                classification: restricted
                encryptedName: card_number_enc
                transformSourceObjects: [raw.card_events]
                transformLogic: sha256(pan)
                transformDescription: Hashed primary account number.
              - name: amount
                logicalType: number
                logicalTypeOptions:
                  minimum: 0.01
                  multipleOf: 0.01
                examples: [9.99, 120.5]
                quality:
                  - id: amount_nulls
                    name: amount_never_null
                    type: library
                    metric: nullValues
                    mustBe: 0
                    dimension: completeness
                    businessImpact: operational
                    method: reconciliation
                    schedule: "0 4 * * *"
                    scheduler: cron
                    tags: [money]
                    authoritativeDefinitions:
                      - type: runbook
                        url: https://example.com/runbooks/amount
                    customProperties:
                      - property: alertChannel
                        value: "#alerts"
                  - metric: missingValues
                    arguments:
                      missingValues: [0, -1]
                    mustBeLessOrEqualTo: 1
                    unit: percent
              - name: settled_at
                logicalType: timestamp
                logicalTypeOptions:
                  timezone: true
                  defaultTimezone: UTC
              - name: settled_on
                logicalType: date
                logicalTypeOptions:
                  format: yyyy-MM-dd
              - name: settled_time
                logicalType: time
              - name: refunded
                logicalType: boolean
              - name: billing_address
                logicalType: object
                properties:
                  - name: street
                    logicalType: string
                  - name: city
                    logicalType: string
              - name: line_amounts
                logicalType: array
                logicalTypeOptions:
                  minItems: 1
                  uniqueItems: false
                items:
                  logicalType: number
            quality:
              - type: text
                description: Amounts match the acquirer's settlement file.
              - type: custom
                engine: soda
                implementation: |
                  checks for payments:
                    - row_count > 0
              - type: sql
                name: no_future_settlements
                query: SELECT COUNT(*) FROM ${object} WHERE settled_at > now()
                mustBe: 0
                severity: error
              - metric: duplicateValues
                arguments:
                  properties: [payment_id]
                mustBe: 0
              - metric: rowCount
                mustNotBeBetween: [0, 10]
          - name: merchants
            properties:
              - name: id
                logicalType: integer
              - name: country
                logicalType: string
        support:
          - channel: "#payments-help"
            tool: slack
            url: https://example.slack.com/archives/C1
        price:
          priceAmount: 0.5
          priceCurrency: USD
          priceUnit: megabyte
        team:
          name: payments
          description: Payments engineering.
          members:
            - username: ada
              name: Ada
              role: owner
              dateIn: "2024-01-01"
        roles:
          - role: payments_reader
            access: read
            firstLevelApprovers: Payments lead
            secondLevelApprovers: Data governance
        slaDefaultElement: payments.settled_at
        slaProperties:
          - id: fresh
            property: latency
            value: 6
            unit: hours
            driver: operational
            description: Settlements land within six hours.
            scheduler: cron
            schedule: "0 * * * *"
          - property: frequency
            value: 1
            valueExt: 2
            unit: d
          - property: timeOfAvailability
            value: 09:00-08:00
            element: payments.settled_at
          - property: generalAvailability
            value: "2026-02-01T00:00:00Z"
        """;

    [Fact]
    public void Parse_EveryOtherSectionOfTheStandard_LoadsWithoutProblemsAndKeepsWhatItDoesNotModel()
    {
        var result = ContractParser.Parse("payments.odcs.yaml", Everything);

        Assert.Empty(result.Problems);
        var contract = result.Contract!;
        Assert.Equal(["postgres", "s3", "kafka"], contract.Servers.Select(s => s.Type));
        Assert.Equal("pg-prod", contract.Servers[0].Other["id"]);
        Assert.Equal("5432", contract.Servers[0].Other["port"]);
        Assert.Equal(["authoritativeDefinitions", "contractCreatedTs", "customProperties", "price", "roles", "support", "team"], contract.Other.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("payments.settled_at", contract.SlaDefaultElement);
        Assert.Equal(["payments.settled_at"], contract.SlaProperties[0].ElementsOr(contract.SlaDefaultElement));
        var payments = contract.Schema[0];
        var composite = Assert.Single(payments.Relationships);
        Assert.Equal(["payments.merchant_id", "payments.merchant_country"], composite.From);
        Assert.Equal(["merchants.id", "merchants.country"], composite.To);
        Assert.Equal("(payments.merchant_id, payments.merchant_country) → (merchants.id, merchants.country)", composite.ToString());
        Assert.Equal("0.01", payments.Properties[4].Options!.Minimum);
        Assert.Equal(0.01m, payments.Properties[4].Options!.MultipleOf);
        Assert.Equal("completeness", payments.Properties[4].Quality[0].Other["dimension"]);
        Assert.Equal("0 4 * * *", payments.Properties[4].Quality[0].Other["schedule"]);
        Assert.Equal("soda", payments.Quality[1].Other["engine"]);
        Assert.Equal("percent", payments.Properties[4].Quality[1].Unit);
        Assert.Equal([QualityRuleType.Text, QualityRuleType.Custom, QualityRuleType.Sql, QualityRuleType.Library, QualityRuleType.Library], payments.Quality.Select(q => q.Type));
        Assert.Equal(new QualityOperator(QualityOperatorKind.MustNotBeBetween, 0, 10), payments.Quality[4].Operator);
        Assert.NotEmpty(payments.Properties[9].Properties);
        Assert.NotNull(payments.Properties[10].Items);
        Assert.Equal(LogicalType.Array, payments.Properties[10].LogicalType);
    }

    [Fact]
    public void Compile_CompositeRelationship_ChecksTheKeyColumnByColumn()
    {
        var contract = ContractParser.Parse("payments.odcs.yaml", Everything).Contract!;

        var check = Assert.Single(ContractCheckCompiler.Compile(contract, Workbench.Warehouse.DuckDbDialect.Instance), c => c.Kind == "relationship");

        Assert.Contains("p.\"id\" = c.\"merchant_id\" AND p.\"country\" = c.\"merchant_country\"", check.OffendingRowsSql, StringComparison.Ordinal);
        Assert.Equal("every (merchant_id, merchant_country) exists in (merchants.id, merchants.country)", check.Description);
    }
}
