-- materialized: table
-- description: The products of the latest catalogue extract, typed, SKU upper-cased; a product the catalogue stopped listing is gone (the snapshot closes its version).
WITH latest AS (
    SELECT *
    FROM raw.products
    WHERE _batch_id = (SELECT MAX(_batch_id) FROM raw.products)
),

ranked AS (
    SELECT
        CAST(product_id AS BIGINT) AS product_id,
        UPPER(TRIM(sku)) AS sku,
        TRIM(product_name) AS product_name,
        TRIM(category) AS category,
        CAST(launched_on AS DATE) AS launched_on,
        ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY _source_row DESC) AS row_rank
    FROM latest
)

SELECT product_id, sku, product_name, category, launched_on
FROM ranked
WHERE row_rank = 1
