-- severity: error
-- description: Statuses are normalized to the known lower-case set.
SELECT order_id, status
FROM marts.fct_orders
WHERE status NOT IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned')
