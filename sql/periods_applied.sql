SELECT
  period,
  -- A date as YYYY-MM-DD, as the source's dates read; a time of day only where there is one.
  CASE WHEN CAST(effective_date AS TIME) = TIME '00:00:00' THEN strftime(effective_date, '%Y-%m-%d')
       ELSE strftime(effective_date, '%Y-%m-%d %H:%M:%S.%f') END AS effective_date,
  CAST(applied_at AS VARCHAR) AS applied_at,
  rows_read,
  new_versions,
  changed_versions,
  removed_versions,
  fingerprint
FROM {{periods}}
WHERE target_table = $target
ORDER BY period;
