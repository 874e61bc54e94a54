-- severity: warning
-- description: Guest orders (no customer) are expected now and then; many would point at a broken source.
SELECT order_id, order_date, status
FROM marts.fct_orders
WHERE customer_id IS NULL
