-- (k0.., h) pairs into one Parquet directory per hash-range chunk, for the workers. The chunk is
-- the top 32 bits of the whole key's hash scaled onto [0, chunks).
COPY (
  SELECT *, CAST(((({{exchange_hash}}) >> 32) * {{chunks}}) >> 32 AS INTEGER) AS chunk FROM {{hashes}}
) TO {{dir}} ({{exchange_options}}, PARTITION_BY (chunk));
