-- materialized: table
-- description: One row per order with its amounts; revenue counts only orders that were not cancelled or returned.
SELECT
    o.order_id,
    o.customer_id,
    o.order_date,
    o.ordered_at,
    o.status,
    o.currency,
    t.line_count,
    t.units,
    t.gross_amount,
    t.discount_amount,
    t.net_amount,
    t.paid_amount,
    CASE WHEN o.status IN ('cancelled', 'returned') THEN CAST(0 AS DECIMAL(14, 2)) ELSE t.net_amount END AS revenue
FROM staging.stg_orders AS o
JOIN intermediate.int_order_totals AS t ON t.order_id = o.order_id
