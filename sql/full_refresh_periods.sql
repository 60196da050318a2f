-- Per-period statistics of a full refresh, derived from the rebuilt history: a version opened and
-- one closed at the same date for the same key is a change; opened only is new; closed only removed.
INSERT INTO {{periods}}
WITH __scd_periods AS (
  SELECT CAST({{period}} AS BIGINT) AS p, max({{effective_date}}) AS d, count(*) AS n, CAST(coalesce(sum(hash({{key}}, {{hash}})), 0) AS VARCHAR) AS fp
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY 1
  UNION ALL
  SELECT __scd_p, __scd_pd, 0, '0' FROM ({{empty_periods}})
), __scd_opened AS (
  SELECT {{valid_from}} AS d, {{key_as_exchange}} FROM {{target}} WHERE {{not_deleted}}
), __scd_closed AS (
  SELECT {{valid_to}} AS d, {{key_as_exchange}} FROM {{target}} WHERE NOT {{is_open}} AND {{not_deleted}}
), __scd_changes AS (
  SELECT
    coalesce(s.d, c.d) AS d,
    count(*) FILTER (WHERE c.d IS NULL) AS new_versions,
    count(*) FILTER (WHERE s.d IS NOT NULL AND c.d IS NOT NULL) AS changed_versions,
    count(*) FILTER (WHERE s.d IS NULL) AS removed_versions
  FROM __scd_opened s
  FULL OUTER JOIN __scd_closed c ON s.d = c.d AND {{exchange_join}}
  GROUP BY 1
)
SELECT
  $target, p, __scd_periods.d, CAST($applied_at AS TIMESTAMP), n,
  coalesce(new_versions, 0), coalesce(changed_versions, 0), coalesce(removed_versions, 0),
  fp, $run_id, CAST(NULL AS DOUBLE), $engine_version
FROM __scd_periods
LEFT JOIN __scd_changes ON __scd_changes.d = __scd_periods.d
ORDER BY p
RETURNING *;
