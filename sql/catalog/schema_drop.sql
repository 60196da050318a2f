-- Only an empty schema (RESTRICT, DuckDB's default): one a failed first run created and emptied.
DROP SCHEMA IF EXISTS {{schema}}
