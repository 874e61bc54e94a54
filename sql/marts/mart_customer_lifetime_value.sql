-- materialized: table
-- description: Per customer: orders, revenue, average order value and active span.
SELECT
    c.customer_id,
    c.customer_code,
    c.country_code,
    COUNT(f.order_id) AS orders,
    CAST(COALESCE(SUM(f.revenue), 0) AS DECIMAL(14, 2)) AS lifetime_revenue,
    CAST(CASE WHEN COUNT(f.order_id) = 0 THEN 0 ELSE COALESCE(SUM(f.revenue), 0) / COUNT(f.order_id) END AS DECIMAL(14, 2)) AS average_order_value,
    c.first_order_date,
    c.last_order_date
FROM marts.dim_customers AS c
LEFT JOIN marts.fct_orders AS f ON f.customer_id = c.customer_id
GROUP BY c.customer_id, c.customer_code, c.country_code, c.first_order_date, c.last_order_date
