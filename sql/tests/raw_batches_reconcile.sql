-- severity: error
-- description: Every raw batch accounts for each row it read: loaded or rejected.
SELECT batch_id, table_name, source, rows_read, rows_loaded, rows_rejected
FROM raw._batches
WHERE rows_read <> rows_loaded + rows_rejected
