-- materialized: table
-- description: One row per order line, typed; a missing discount is 0.
WITH ranked AS (
    SELECT
        CAST(order_id AS BIGINT) AS order_id,
        CAST(line_number AS INTEGER) AS line_number,
        CAST(product_id AS BIGINT) AS product_id,
        CAST(quantity AS INTEGER) AS quantity,
        CAST(unit_price AS DECIMAL(12, 2)) AS unit_price,
        CAST(COALESCE(discount_amount, 0) AS DECIMAL(12, 2)) AS discount_amount,
        ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY _batch_id DESC, _source_row DESC) AS row_rank
    FROM raw.order_items
)
SELECT
    order_id,
    line_number,
    product_id,
    quantity,
    unit_price,
    discount_amount,
    CAST(quantity * unit_price - discount_amount AS DECIMAL(12, 2)) AS net_amount
FROM ranked
WHERE row_rank = 1
