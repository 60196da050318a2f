SELECT
  count(*) AS versions,
  count(*) FILTER (WHERE {{current}}) AS current_versions,
  count(DISTINCT {{key_tuple}}) AS keys
FROM {{target}};
