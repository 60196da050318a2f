-- The database's own catalog, and the attached --db a lake session reads a table source from
-- (NULL without one: the source is in the database itself).
SELECT
  current_database() AS catalog,
  (SELECT any_value(database_name) FROM duckdb_databases() WHERE database_name = $source_catalog) AS source_catalog
