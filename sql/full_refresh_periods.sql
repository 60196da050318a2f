-- Per-period statistics of a full refresh, derived from the rebuilt history: a version opened and
-- one closed at the same date for the same key is a change; opened only is new; closed only removed.
INSERT INTO {{periods}}
WITH periods AS (
  SELECT CAST({{period}} AS BIGINT) AS p, max({{effective_date}}) AS d, count(*) AS n
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY 1
), opened AS (
  SELECT {{valid_from}} AS d, {{key_as_exchange}} FROM {{target}}
), closed AS (
  SELECT {{valid_to}} AS d, {{key_as_exchange}} FROM {{target}} WHERE {{valid_to}} IS NOT NULL
), changes AS (
  SELECT
    coalesce(s.d, c.d) AS d,
    count(*) FILTER (WHERE c.d IS NULL) AS new_versions,
    count(*) FILTER (WHERE s.d IS NOT NULL AND c.d IS NOT NULL) AS changed_versions,
    count(*) FILTER (WHERE s.d IS NULL) AS removed_versions
  FROM opened s
  FULL OUTER JOIN closed c ON s.d = c.d AND {{exchange_join}}
  GROUP BY 1
)
SELECT
  $target, p, periods.d, CAST($applied_at AS TIMESTAMP), n,
  coalesce(new_versions, 0), coalesce(changed_versions, 0), coalesce(removed_versions, 0)
FROM periods
LEFT JOIN changes ON changes.d = periods.d
ORDER BY p
RETURNING *;
