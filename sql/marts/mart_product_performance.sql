-- materialized: table
-- description: Per product: units sold, revenue and orders (cancelled and returned orders excluded).
SELECT
    p.product_id,
    p.sku,
    p.product_name,
    p.category,
    COALESCE(SUM(i.quantity), 0) AS units_sold,
    CAST(COALESCE(SUM(i.net_amount), 0) AS DECIMAL(14, 2)) AS revenue,
    COUNT(DISTINCT i.order_id) AS orders
FROM marts.dim_products AS p
LEFT JOIN marts.fct_order_items AS i ON i.product_id = p.product_id AND i.status NOT IN ('cancelled', 'returned')
GROUP BY p.product_id, p.sku, p.product_name, p.category
