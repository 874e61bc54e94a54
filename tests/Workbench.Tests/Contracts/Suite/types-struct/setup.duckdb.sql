CREATE SCHEMA app;
CREATE TABLE app.customers (id BIGINT, address STRUCT(city VARCHAR, zip VARCHAR, street VARCHAR), orders STRUCT(order_id BIGINT, total DECIMAL(10,2))[]);
INSERT INTO app.customers VALUES (1, {'city': 'Lyon', 'zip': '69001', 'street': 'Rue'}, [{'order_id': 1, 'total': 9.5}]);
