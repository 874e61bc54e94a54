-- materialized: table
-- description: One row per order, typed; status lower-cased, currency upper-cased; duplicates and re-sent late rows collapse to the latest update.
WITH typed AS (
    SELECT
        CAST(order_id AS BIGINT) AS order_id,
        CAST(customer_id AS BIGINT) AS customer_id,
        CAST(ordered_at AS TIMESTAMP) AS ordered_at,
        LOWER(TRIM(status)) AS status,
        UPPER(TRIM(currency)) AS currency,
        CAST(updated_at AS TIMESTAMP) AS updated_at,
        _source,
        _batch_id
    FROM raw.orders
),
ranked AS (
    SELECT typed.*, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY updated_at DESC, _batch_id DESC) AS row_rank
    FROM typed
)
SELECT
    order_id,
    customer_id,
    ordered_at,
    CAST(ordered_at AS DATE) AS order_date,
    status,
    currency,
    updated_at,
    _source AS source_file
FROM ranked
WHERE row_rank = 1
