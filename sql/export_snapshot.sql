COPY (
  SELECT {{key}} AS k, {{hash}} AS h, {{chunk}} AS chunk
  FROM {{source}}
  WHERE {{period}} = {{period_value}}
) TO {{dir}} ({{parquet_options}}, PARTITION_BY (chunk));
