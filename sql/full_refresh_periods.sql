-- Per-period statistics of a full refresh, derived from the rebuilt history (version_changes.sql).
INSERT INTO {{periods}}
WITH __scd_periods AS (
  SELECT CAST({{period}} AS BIGINT) AS p, max({{effective_date}}) AS d, count(*) AS n, CAST(coalesce(sum(hash({{key}}, {{hash}})), 0) AS VARCHAR) AS fp
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY 1
  UNION ALL
  SELECT __scd_p, __scd_pd, 0, '0' FROM ({{empty_periods}})
), {{version_changes}}
SELECT
  $target, p, __scd_periods.d, CAST($applied_at AS TIMESTAMP), n,
  coalesce(new_versions, 0), coalesce(changed_versions, 0), coalesce(removed_versions, 0),
  fp, $run_id, CAST(NULL AS DOUBLE), $engine_version
FROM __scd_periods
LEFT JOIN __scd_changes ON __scd_changes.d = CAST(__scd_periods.d AS TIMESTAMP)
ORDER BY p
RETURNING *;
