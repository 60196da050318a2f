-- A source relation's columns in order, as catalog/describe.sql gives a table's.
SELECT column_name, column_type AS data_type FROM (DESCRIBE SELECT * FROM {{source}});
