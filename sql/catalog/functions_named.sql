-- Functions and macros of a name in a schema (case-insensitive, as DuckDB resolves them), with
-- their comment. A NULL catalog or schema means the current one.
SELECT function_type, comment
FROM duckdb_functions()
WHERE lower(function_name) = lower($table)
  AND lower(schema_name) = lower(coalesce($schema, current_schema()))
  AND lower(database_name) = lower(coalesce($catalog, current_database()));
