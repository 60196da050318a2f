-- The probe's DDL, and the collation every text comparison gets without one of its own.
SELECT sql AS ddl, current_setting('default_collation') AS default_collation
FROM duckdb_tables()
WHERE temporary AND table_name = '__scd_collations'
