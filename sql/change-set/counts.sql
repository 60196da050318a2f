SELECT
  (SELECT count(*) FROM {{snapshot}}) AS rows_read,
  count(*) FILTER (WHERE action = 'N') AS new_versions,
  count(*) FILTER (WHERE action = 'C') AS changed_versions,
  count(*) FILTER (WHERE action = 'R') AS removed_versions,
  count(*) AS change_rows
FROM {{changes}}
