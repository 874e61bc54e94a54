CREATE SCHEMA sales;
CREATE TABLE sales.orders (id BIGINT);
INSERT INTO sales.orders VALUES (1), (2), (3);
CREATE SEQUENCE sales.ids;
