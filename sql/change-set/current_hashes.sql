-- Hashed from the tracked columns under the current config, not read from record_hash, so change
-- detection always compares like with like. Tombstones are not live: a rehire is new.
SELECT {{key_as_exchange}}, {{hash}} AS h FROM {{target}} WHERE {{live}}
