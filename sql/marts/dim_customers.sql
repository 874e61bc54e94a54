-- materialized: table
-- description: Customer dimension (current state, SCD type 1) with first and last order dates.
SELECT
    c.customer_id,
    c.customer_code,
    c.first_name,
    c.last_name,
    c.email,
    c.country_code,
    co.country_name,
    co.region,
    c.signup_date,
    MIN(o.order_date) AS first_order_date,
    MAX(o.order_date) AS last_order_date
FROM staging.stg_customers AS c
LEFT JOIN seeds.countries AS co ON co.country_code = c.country_code
LEFT JOIN staging.stg_orders AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.customer_code, c.first_name, c.last_name, c.email, c.country_code, co.country_name, co.region, c.signup_date
