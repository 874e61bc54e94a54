-- materialized: table
-- description: One row per order, typed; status lower-cased, currency upper-cased; duplicates and re-sent late rows collapse to the latest update.
WITH typed AS (
    SELECT
        CAST(o.order_id AS BIGINT) AS order_id,
        CAST(o.customer_id AS BIGINT) AS customer_id,
        CAST(o.ordered_at AS TIMESTAMP) AS ordered_at,
        LOWER(TRIM(o.status)) AS status,
        UPPER(TRIM(o.currency)) AS currency,
        CAST(o.updated_at AS TIMESTAMP) AS updated_at,
        o._batch_id,
        -- A row's lineage beyond its batch (the file, the load time) is kept once per batch: one join away.
        b.source AS source_file
    FROM raw.orders AS o
    JOIN raw._batches AS b ON b.batch_id = o._batch_id AND b.status = 'loaded'
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
    source_file
FROM ranked
WHERE row_rank = 1
