-- materialized: table
-- description: One row per product, typed, SKU upper-cased.
WITH ranked AS (
    SELECT
        CAST(product_id AS BIGINT) AS product_id,
        UPPER(TRIM(sku)) AS sku,
        TRIM(product_name) AS product_name,
        TRIM(category) AS category,
        CAST(launched_on AS DATE) AS launched_on,
        ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY _batch_id DESC, _source_row DESC) AS row_rank
    FROM raw.products
)
SELECT product_id, sku, product_name, category, launched_on
FROM ranked
WHERE row_rank = 1
