-- severity: error
-- description: Staging must have removed the duplicate order rows the source sends.
SELECT order_id, COUNT(*) AS copies
FROM staging.stg_orders
GROUP BY order_id
HAVING COUNT(*) > 1
