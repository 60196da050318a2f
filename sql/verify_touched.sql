-- The rest of the in-transaction check: what this period touched must sit on a sound history, so
-- that a period is never committed on top of a broken key. It reads the versions of the keys in
-- the change set, and the previous period's snapshot rows:
-- - no two versions of a touched key overlap;
-- - a version closed now holds what the previous period's snapshot said (else it was changed);
-- - a key new now was absent from the previous period's snapshot (else its version was deleted).
WITH __scd_versions AS (
  SELECT {{target_key_as_exchange}}, t.{{valid_from}} AS __scd_from, t.{{valid_to}} AS __scd_to
  FROM {{target}} t
  SEMI JOIN {{changes}} c ON {{target_matches_change}}
), __scd_overlaps AS (
  SELECT count(*) AS n
  FROM (
    SELECT __scd_to, lead(__scd_from) OVER (PARTITION BY {{exchange_key}} ORDER BY __scd_from, __scd_to NULLS LAST) AS __scd_next
    FROM __scd_versions
  )
  WHERE __scd_next IS NOT NULL AND (__scd_to IS NULL OR __scd_to > __scd_next)
), __scd_previous AS (
  SELECT {{source_key_as_exchange}}, {{hash}} AS h
  FROM {{source}} s
  WHERE {{source_period}} = $previous_period
), __scd_closed_now AS (
  SELECT {{target_key_as_exchange}}, {{hash}} AS h
  FROM {{target}} t
  WHERE t.{{valid_to}} = CAST($effective_date AS {{validity_type}})
), __scd_altered AS (
  SELECT count(*) AS n
  FROM __scd_closed_now s
  LEFT JOIN __scd_previous c ON {{exchange_join}}
  WHERE c.h IS DISTINCT FROM s.h
), __scd_deleted AS (
  SELECT count(*) AS n
  FROM (SELECT {{exchange_key}} FROM {{changes}} WHERE action = 'N') s
  JOIN __scd_previous c ON {{exchange_join}}
)
SELECT __scd_overlaps.n AS overlapping, __scd_altered.n AS altered, __scd_deleted.n AS deleted
FROM __scd_overlaps, __scd_altered, __scd_deleted;
