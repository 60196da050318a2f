-- record_hash comes from DuckDB's hash(), which may change between DuckDB versions. The tracked
-- values are stored, so current versions are rehashed rather than all reported as changed.
UPDATE {{target}} SET record_hash = {{hash}}
WHERE is_current_record AND record_hash IS DISTINCT FROM {{hash}};
