-- Per-period statistics of a full refresh, derived from the rebuilt history: a version opened and
-- one closed at the same date for the same key is a change; opened only is new; closed only removed.
INSERT INTO {{periods}}
WITH periods AS (
  SELECT CAST({{period}} AS BIGINT) AS p, max({{effective_date}}) AS d, count(*) AS n
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY 1
), opened AS (
  SELECT dbt_valid_from AS d, {{key}} AS k FROM {{target}}
), closed AS (
  SELECT dbt_valid_to AS d, {{key}} AS k FROM {{target}} WHERE dbt_valid_to IS NOT NULL
), changes AS (
  SELECT
    coalesce(o.d, c.d) AS d,
    count(*) FILTER (WHERE c.k IS NULL) AS new_versions,
    count(*) FILTER (WHERE o.k IS NOT NULL AND c.k IS NOT NULL) AS changed_versions,
    count(*) FILTER (WHERE o.k IS NULL) AS removed_versions
  FROM opened o
  FULL OUTER JOIN closed c ON o.d = c.d AND o.k = c.k
  GROUP BY 1
)
SELECT
  $target, p, periods.d, CAST($applied_at AS TIMESTAMP), n,
  coalesce(new_versions, 0), coalesce(changed_versions, 0), coalesce(removed_versions, 0)
FROM periods
LEFT JOIN changes ON changes.d = periods.d
ORDER BY p
RETURNING *;
