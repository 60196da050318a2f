read_parquet({{files}})
