-- materialized: table
-- description: One row per payment.
SELECT p.payment_id, p.order_id, o.customer_id, p.paid_at, CAST(p.paid_at AS DATE) AS paid_date, p.method, p.amount
FROM staging.stg_payments AS p
LEFT JOIN staging.stg_orders AS o ON o.order_id = p.order_id
