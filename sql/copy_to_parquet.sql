COPY {{relation}} TO {{file}} ({{parquet_options}})
