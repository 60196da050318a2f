-- Prepared, never run: binding it gives the columns' types (a Parquet source's metadata is read,
-- a view is bound against what it reads now).
SELECT {{columns}} FROM {{relation}}
