CREATE SCHEMA crm;
CREATE TABLE crm.customers (id BIGINT, email VARCHAR, phone VARCHAR, city VARCHAR);
INSERT INTO crm.customers VALUES (1, 'ada@example.com', '+44 1', 'Leeds'), (2, 'ada@example.com', NULL, NULL);
