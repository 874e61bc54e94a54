-- severity: error
-- description: Quantities and prices are positive, and no line is discounted below zero.
SELECT order_id, line_number, quantity, unit_price, net_amount
FROM marts.fct_order_items
WHERE quantity <= 0 OR unit_price <= 0 OR net_amount < 0
