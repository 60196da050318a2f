-- Hashed from the tracked columns under the current config, not read from record_hash, so change
-- detection always compares like with like.
SELECT {{key_as_exchange}}, {{hash}} AS h FROM {{target}} WHERE {{is_current}}
