-- materialized: table
-- description: Per day: orders placed, revenue and average order value.
SELECT
    order_date,
    COUNT(*) AS orders,
    CAST(SUM(revenue) AS DECIMAL(14, 2)) AS revenue,
    CAST(SUM(revenue) / COUNT(*) AS DECIMAL(14, 2)) AS average_order_value
FROM marts.fct_orders
GROUP BY order_date
