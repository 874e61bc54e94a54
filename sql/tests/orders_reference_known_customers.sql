-- severity: error
-- description: Every order with a customer points at a customer we know.
SELECT f.order_id, f.customer_id
FROM marts.fct_orders AS f
LEFT JOIN marts.dim_customers AS c ON c.customer_id = f.customer_id
WHERE f.customer_id IS NOT NULL AND c.customer_id IS NULL
