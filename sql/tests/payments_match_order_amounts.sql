-- severity: warning
-- description: What was paid for a kept order should equal its net amount (to the cent).
SELECT order_id, status, net_amount, paid_amount
FROM marts.fct_orders
WHERE status NOT IN ('cancelled') AND ABS(net_amount - paid_amount) > 0.01
