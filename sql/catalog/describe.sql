-- A relation's columns; names resolve case-insensitively, as DuckDB resolves them. A NULL catalog
-- or schema means the current one.
SELECT column_name, data_type
FROM duckdb_columns()
WHERE lower(table_name) = lower($table)
  AND lower(schema_name) = lower(coalesce($schema, current_schema()))
  AND lower(database_name) = lower(coalesce($catalog, current_database()))
  AND NOT internal
ORDER BY column_index;
