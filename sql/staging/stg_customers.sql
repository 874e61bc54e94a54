-- materialized: table
-- description: One row per customer, typed; codes upper-cased, emails lower-cased, duplicate rows removed (latest update wins).
WITH typed AS (
    SELECT
        CAST(customer_id AS BIGINT) AS customer_id,
        UPPER(TRIM(customer_code)) AS customer_code,
        TRIM(first_name) AS first_name,
        TRIM(last_name) AS last_name,
        LOWER(NULLIF(TRIM(email), '')) AS email,
        UPPER(TRIM(country_code)) AS country_code,
        CAST(signup_date AS DATE) AS signup_date,
        CAST(updated_at AS TIMESTAMP) AS updated_at,
        _batch_id
    FROM raw.customers
),
ranked AS (
    SELECT typed.*, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC, _batch_id DESC) AS row_rank
    FROM typed
)
SELECT customer_id, customer_code, first_name, last_name, email, country_code, signup_date, updated_at
FROM ranked
WHERE row_rank = 1
