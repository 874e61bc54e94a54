-- materialized: table
-- description: One row per order line with the order's date and status.
SELECT
    i.order_id,
    i.line_number,
    i.product_id,
    o.order_date,
    o.status,
    i.quantity,
    i.unit_price,
    i.discount_amount,
    i.net_amount
FROM staging.stg_order_items AS i
JOIN staging.stg_orders AS o ON o.order_id = i.order_id
