namespace Workbench.Notebooks.Starter;

/// <summary>The files of the starter project <see cref="InitProject"/> writes (<c>{{name}}</c> becomes the project's name).</summary>
internal static class StarterFiles
{
    public const string ProjectFile = """
        # A Workbench project. Every path is relative to this file; `workbench` finds it from any folder inside.
        name: {{name}}
        workbench: "{{version}}"

        # The warehouse of every environment: one DuckDB file each ({env} is the environment's name).
        warehouse:
          engine: duckdb
          path: artifacts/warehouse/{{name}}-{env}.duckdb

        environments:
          dev: {}
          prod: {}
            # To build prod on PostgreSQL, name a warehouse below and write: prod: { warehouse: server }

        # warehouses:
        #   server:
        #     engine: postgres
        #     connection: Host=localhost;Database={{name}}_{env};Username=${USER}
        #     password: ${WORKBENCH_PG_PASSWORD}     # read from the environment; or leave it out and use PGPASSWORD / ~/.pgpass

        # Values the pipeline's notebooks receive for the parameters they declare (override: --var name=value).
        vars:
          runDate: 2024-02-29

        # Raw sources: files under data/raw, loaded into raw.TABLE, typed by contracts/raw/TABLE.odcs.yaml.
        sources:
          - table: customers
            files: customers.csv
          - table: orders
            files: orders/orders_*.csv
            arrival: monthly        # orders_YYYY-MM.csv arrives at the end of that month: later files wait for their run date

        # `workbench pipeline run` runs these in order and stops at the first failure.
        pipeline:
          - step: contracts         # lint the contracts, check version bumps, render the data dictionary
          - step: unit-tests        # sql/unit: fixture rows in, expected rows out
          - step: load              # the sources above into raw
          - step: build             # seeds and models, in dependency order
          - step: test              # sql/tests and the contracts' rules: errors fail the run
          - step: explore
            notebook: notebooks/explore.ipynb

        """;

    public const string Readme = """
        # {{name}}

        A [Workbench](https://example.invalid/workbench) project: raw sources, SQL models, data contracts, tests and a
        notebook. From this folder:

        ```bash
        workbench pipeline run                 # load, build, test, run the notebook (dev environment)
        workbench test                         # data tests and contract checks on the dev warehouse
        workbench models test                  # model unit tests, in memory
        ```

        | folder | holds |
        |---|---|
        | `data/raw/` | the source files `workbench load` reads (see `sources:` in workbench.yaml) |
        | `data/seeds/` | small reference tables as CSV: `countries.csv` becomes `seeds.countries` |
        | `contracts/` | ODCS data contracts: the types and rules of every table |
        | `sql/staging/`, `sql/marts/` | models: one SELECT per file; `FROM stg_orders` refers to a model, seed or raw table by name |
        | `sql/tests/` | data tests: a query that returns the offending rows |
        | `sql/unit/` | model unit tests |
        | `notebooks/` | notebooks; open them in VS Code (Polyglot Notebooks) after a first `workbench` command |
        | `scripts/` | C# file-based apps using the library: `dotnet run scripts/summary.cs` |

        `.workbench/` (git-ignored) links the Workbench build this checkout uses; any `workbench` command writes it, and
        workbench.yaml pins the version (`workbench:`). Passwords never go in workbench.yaml: write `${VARIABLE}`, or
        use `PGPASSWORD` / `~/.pgpass`.

        """;

    public static readonly IReadOnlyList<(string Path, string Text)> Files =
    [
        ("data/raw/customers.csv", "customer_id,email,country_code\n1,Ada@Example.com,de\n2,bo@example.com,FR\n3,cy@example.com,de\n4,di@example.com,fr\n"),
        ("data/raw/orders/orders_2024-01.csv", "order_id,customer_id,ordered_at,amount\n10,1,2024-01-05 09:30:00,20.00\n11,1,2024-01-09 14:00:00,5.50\n12,2,2024-01-20 18:45:00,42.00\n"),
        ("data/raw/orders/orders_2024-02.csv", "order_id,customer_id,ordered_at,amount\n13,3,2024-02-02 08:15:00,12.25\n14,1,2024-02-11 11:00:00,7.75\n"),
        ("data/seeds/countries.csv", "code,name\nDE,Germany\nFR,France\n"),
        ("contracts/raw/customers.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: {{name}}.raw.customers
            version: 1.0.0
            status: active
            schema:
              - name: customers
                physicalName: raw.customers
                description: Customers as the shop exports them.
                properties:
                  - name: customer_id
                    logicalType: integer
                    required: true
                    primaryKey: true
                  - name: email
                    logicalType: string
                  - name: country_code
                    logicalType: string
                    required: true
                quality:
                  - metric: rowCount
                    mustBeGreaterThan: 0

            """),
        ("contracts/raw/orders.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: {{name}}.raw.orders
            version: 1.0.0
            status: active
            schema:
              - name: orders
                physicalName: raw.orders
                description: Orders, one file a month.
                properties:
                  - name: order_id
                    logicalType: integer
                    required: true
                  - name: customer_id
                    logicalType: integer
                    required: true
                  - name: ordered_at
                    logicalType: timestamp
                    required: true
                  - name: amount
                    logicalType: number
                    physicalType: DECIMAL(10,2)
                    required: true

            """),
        ("contracts/seeds/countries.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: {{name}}.seeds.countries
            version: 1.0.0
            status: active
            schema:
              - name: countries
                physicalName: seeds.countries
                properties:
                  - name: code
                    logicalType: string
                    required: true
                    primaryKey: true
                  - name: name
                    logicalType: string
                    required: true

            """),
        ("contracts/marts/customer_orders.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: {{name}}.marts.customer_orders
            version: 1.0.0
            status: active
            schema:
              - name: customer_orders
                physicalName: marts.customer_orders
                description: Orders and revenue per customer. The table is created from this contract.
                properties:
                  - name: customer_id
                    logicalType: integer
                    required: true
                    primaryKey: true
                  - name: country
                    logicalType: string
                  - name: orders
                    logicalType: integer
                    required: true
                  - name: revenue
                    logicalType: number
                    physicalType: DECIMAL(18,2)
                    required: true
                quality:
                  - metric: rowCount
                    mustBeGreaterThan: 0

            """),
        ("sql/staging/stg_customers.sql", """
            -- description: One row per customer; email lower-cased, country code upper-cased.
            SELECT customer_id, lower(trim(email)) AS email, upper(country_code) AS country_code
            FROM customers

            """),
        ("sql/staging/stg_orders.sql", """
            -- description: One row per order, with the day it was placed.
            SELECT order_id, customer_id, CAST(ordered_at AS DATE) AS order_date, amount
            FROM orders

            """),
        ("sql/marts/customer_orders.sql", """
            -- description: Orders and revenue per customer, with the country's name.
            SELECT c.customer_id, co.name AS country, COUNT(o.order_id) AS orders, COALESCE(SUM(o.amount), 0) AS revenue
            FROM stg_customers AS c
            LEFT JOIN stg_orders AS o ON o.customer_id = c.customer_id
            LEFT JOIN countries AS co ON co.code = c.country_code
            GROUP BY c.customer_id, co.name

            """),
        ("sql/tests/orders_have_a_customer.sql", """
            -- severity: error
            -- description: Every order belongs to a customer we know.
            SELECT o.order_id, o.customer_id
            FROM stg_orders AS o
            LEFT JOIN stg_customers AS c ON c.customer_id = o.customer_id
            WHERE c.customer_id IS NULL

            """),
        ("sql/unit/customer_orders.yaml", """
            name: revenue_adds_up_per_customer
            model: marts.customer_orders
            description: A customer's orders are counted and summed; one without orders has 0 of each.
            given:
              staging.stg_customers:
                - {customer_id: 1, email: a@example.com, country_code: DE}
                - {customer_id: 2, email: b@example.com, country_code: FR}
              staging.stg_orders:
                - {order_id: 10, customer_id: 1, order_date: 2024-01-05, amount: 20.00}
                - {order_id: 11, customer_id: 1, order_date: 2024-01-09, amount: 5.50}
              seeds.countries:
                - {code: DE, name: Germany}
                - {code: FR, name: France}
            expect:
              - {customer_id: 1, country: Germany, orders: 2, revenue: 25.50}
              - {customer_id: 2, country: France, orders: 0, revenue: 0}

            """),
        ("scripts/summary.cs", """
            // Prints each customer's orders and revenue: dotnet run scripts/summary.cs [ENVIRONMENT]
            // A C# file-based app using the Workbench library (.workbench/lib, referenced by scripts/Directory.Build.props).
            using Workbench.Application;

            await using var session = WorkbenchSession.Open(new SessionOptions(Environment: args.Length > 0 ? args[0] : null));
            var warehouse = await session.ConnectAsync();
            var customers = await warehouse.QueryAsync("SELECT customer_id, country, orders, revenue FROM marts.customer_orders ORDER BY customer_id");
            Console.Write(customers.ToText());

            """),
        ("scripts/Directory.Build.props", """
            <Project>
              <!-- File-based apps here reference the Workbench library this project links in .workbench/. -->
              <Import Project="$(MSBuildThisFileDirectory)../.workbench/Workbench.props" />
            </Project>

            """),
    ];
}
