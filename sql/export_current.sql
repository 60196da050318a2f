-- The hash is computed from the tracked columns under the current config, not read from
-- record_hash, so change detection always compares like with like.
COPY (
  SELECT {{key}} AS k, {{hash}} AS h, {{chunk}} AS chunk
  FROM {{target}}
  WHERE is_current_record
) TO {{dir}} ({{parquet_options}}, PARTITION_BY (chunk));
