-- 'table' or 'view' for a relation of that name (case-insensitive), with its comment; none when there is none.
SELECT 'table' AS kind, comment FROM duckdb_tables()
WHERE lower(table_name) = lower($table)
  AND lower(schema_name) = lower(coalesce($schema, current_schema()))
  AND lower(database_name) = lower(coalesce($catalog, current_database()))
  AND NOT temporary
UNION ALL
SELECT 'view', comment FROM duckdb_views()
WHERE lower(view_name) = lower($table)
  AND lower(schema_name) = lower(coalesce($schema, current_schema()))
  AND lower(database_name) = lower(coalesce($catalog, current_database()))
  AND NOT temporary AND NOT internal;
