-- materialized: table
-- description: Price changes per product with the period each price was valid (valid_to is exclusive; NULL = current).
WITH typed AS (
    SELECT DISTINCT
        CAST(product_id AS BIGINT) AS product_id,
        CAST(price AS DECIMAL(12, 2)) AS price,
        UPPER(TRIM(currency)) AS currency,
        CAST(valid_from AS DATE) AS valid_from
    FROM raw.product_prices
)
SELECT
    product_id,
    price,
    currency,
    valid_from,
    LEAD(valid_from) OVER (PARTITION BY product_id ORDER BY valid_from) AS valid_to
FROM typed
