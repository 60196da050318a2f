COPY {{relation}} TO {{file}} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)
