CREATE SCHEMA sales;
CREATE TABLE sales.orders (amount DECIMAL(10,2), note VARCHAR);
INSERT INTO sales.orders VALUES (10, '{not a placeholder}'), (-5, 'x'), (20, NULL);
