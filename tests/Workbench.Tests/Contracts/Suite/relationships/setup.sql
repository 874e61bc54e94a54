CREATE SCHEMA marts;
CREATE TABLE marts.customers (customer_id BIGINT NOT NULL);
INSERT INTO marts.customers VALUES (1), (2);
CREATE TABLE marts.orders (order_id BIGINT NOT NULL, customer_id BIGINT, buyer_id BIGINT, payment_id BIGINT);
INSERT INTO marts.orders VALUES (10, 1, 1, NULL), (11, 3, 2, NULL);
