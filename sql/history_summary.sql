SELECT
  count(*) AS versions,
  count(*) FILTER (WHERE {{is_current}}) AS current_versions,
  count(DISTINCT {{key_tuple}}) AS keys
FROM {{target}};
