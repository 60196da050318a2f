SELECT value AS data_path FROM ducklake_options({{lake}}) WHERE option_name = 'data_path'
