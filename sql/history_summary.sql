SELECT
  count(*) AS versions,
  count(*) FILTER (WHERE is_current_record) AS current_versions,
  count(DISTINCT {{key}}) AS keys
FROM {{target}};
