-- materialized: snapshot
-- unique_key: product_id
-- description: Type 2 history of each product's attributes and current list price: a new version whenever a pipeline run sees a change.
-- tags: history
SELECT
    p.product_id,
    p.sku,
    p.product_name,
    p.category,
    pr.price AS list_price,
    pr.currency
FROM staging.stg_products AS p
LEFT JOIN staging.stg_product_prices AS pr ON pr.product_id = p.product_id AND pr.valid_to IS NULL
