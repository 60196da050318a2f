-- Whether a schema exists (case-insensitive); a NULL catalog means the current one.
SELECT count(*) > 0 AS found
FROM duckdb_schemas()
WHERE lower(schema_name) = lower($schema)
  AND lower(database_name) = lower(coalesce($catalog, current_database()));
