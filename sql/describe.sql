SELECT column_name, data_type, column_default
FROM duckdb_columns()
WHERE table_name = $table AND schema_name = current_schema() AND NOT internal
ORDER BY column_index;
