-- materialized: table
-- description: Product dimension with the current list price.
SELECT
    p.product_id,
    p.sku,
    p.product_name,
    p.category,
    p.launched_on,
    pr.price AS current_price,
    pr.currency
FROM staging.stg_products AS p
LEFT JOIN staging.stg_product_prices AS pr ON pr.product_id = p.product_id AND pr.valid_to IS NULL
