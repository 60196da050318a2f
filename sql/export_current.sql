COPY (
  SELECT {{key}} AS k, record_hash AS h, {{chunk}} AS chunk
  FROM {{target}}
  WHERE is_current_record
) TO {{dir}} ({{parquet_options}}, PARTITION_BY (chunk));
