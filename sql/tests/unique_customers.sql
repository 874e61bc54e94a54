-- severity: error
-- description: One row per customer in the dimension.
SELECT customer_id, COUNT(*) AS copies
FROM marts.dim_customers
GROUP BY customer_id
HAVING COUNT(*) > 1
