-- materialized: view
-- description: Per order: line count, gross, discount and net amounts from its items, and what was paid.
WITH items AS (
    SELECT
        order_id,
        COUNT(*) AS line_count,
        SUM(quantity) AS units,
        SUM(quantity * unit_price) AS gross_amount,
        SUM(discount_amount) AS discount_amount,
        SUM(net_amount) AS net_amount
    FROM staging.stg_order_items
    GROUP BY order_id
),
paid AS (
    SELECT order_id, SUM(amount) AS paid_amount, COUNT(*) AS payment_count
    FROM staging.stg_payments
    GROUP BY order_id
)
SELECT
    o.order_id,
    COALESCE(i.line_count, 0) AS line_count,
    CAST(COALESCE(i.units, 0) AS BIGINT) AS units,
    CAST(COALESCE(i.gross_amount, 0) AS DECIMAL(14, 2)) AS gross_amount,
    CAST(COALESCE(i.discount_amount, 0) AS DECIMAL(14, 2)) AS discount_amount,
    CAST(COALESCE(i.net_amount, 0) AS DECIMAL(14, 2)) AS net_amount,
    CAST(COALESCE(p.paid_amount, 0) AS DECIMAL(14, 2)) AS paid_amount,
    COALESCE(p.payment_count, 0) AS payment_count
FROM staging.stg_orders AS o
LEFT JOIN items AS i ON i.order_id = o.order_id
LEFT JOIN paid AS p ON p.order_id = o.order_id
