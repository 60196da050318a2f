-- (k, h) pairs into one Parquet directory per hash-range chunk, for the workers.
COPY (
  SELECT k, h, {{chunk}} AS chunk FROM ({{hashes}})
) TO {{dir}} ({{parquet_options}}, PARTITION_BY (chunk));
