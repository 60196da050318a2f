-- The catalogs attached to the database: its own, DuckDB's internal system and temp, any other.
SELECT database_name, internal, readonly FROM duckdb_databases();
