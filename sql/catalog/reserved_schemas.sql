-- DuckDB's own schemas (information_schema, pg_catalog), which resolve from every catalog and
-- take no table; main, which every catalog has, is not among them.
SELECT DISTINCT schema_name FROM duckdb_schemas() WHERE database_name = 'system' AND schema_name <> 'main';
