-- materialized: table
-- description: One row per payment, typed; method lower-cased.
WITH ranked AS (
    SELECT
        CAST(payment_id AS BIGINT) AS payment_id,
        CAST(order_id AS BIGINT) AS order_id,
        CAST(paid_at AS TIMESTAMP) AS paid_at,
        LOWER(TRIM(method)) AS method,
        CAST(amount AS DECIMAL(12, 2)) AS amount,
        ROW_NUMBER() OVER (PARTITION BY payment_id ORDER BY _batch_id DESC, _source_row DESC) AS row_rank
    FROM raw.payments
)
SELECT payment_id, order_id, paid_at, method, amount
FROM ranked
WHERE row_rank = 1
