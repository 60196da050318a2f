-- (k0.., h) pairs into one Parquet directory per hash-range chunk, for the workers. The chunk is
-- the top 32 bits of the whole key's hash scaled onto [0, chunks). zstd level 1: gzip is slow.
COPY (
  SELECT *, CAST(((({{exchange_hash}}) >> 32) * {{chunks}}) >> 32 AS INTEGER) AS chunk FROM ({{hashes}})
) TO {{dir}} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, PARTITION_BY (chunk));
