-- The check of the history as this run found it, in the first period's transaction, so that a
-- period is never committed on top of a broken key. Later periods of the run rely on what the
-- earlier ones proved (the run holds the database alone). Before the apply:
-- - the current versions are exactly the previous period's snapshot: the same count, one per key,
--   the same fingerprint of key and tracked values (a changed or deleted current version fails);
-- - no version starts, or ends if closed, after the previous period's date (two scans that the
--   row groups' min/max prune);
-- - no key the period changes has a closed version ending after its current one starts (an
--   overlap with the version the period closes). Where the previous period wrote the current
--   version, it starts at that period's date, and such a closed version is one the scans above
--   find; so the aggregate reads only the versions of changed keys whose current version is
--   older. Over the versions of every changed key it took 1.1-2.1 s at 1M employees and 4.6M
--   versions, and grew with the history.
WITH __scd_current AS (
  SELECT count(*) AS n, count(DISTINCT {{key_tuple}}) AS keys, coalesce(sum({{row_hash}}), 0) AS fingerprint
  FROM {{target}} t
  WHERE {{live}} {{previous_only}}
), __scd_previous AS (
  SELECT count(*) AS n, coalesce(sum({{row_hash}}), 0) AS fingerprint
  FROM {{source}}
  WHERE {{period}} = $previous_period
), __scd_late AS (
  SELECT count(*) AS n FROM (
    SELECT 1 FROM {{target}} WHERE {{valid_from}} > CAST($previous_date AS {{validity_type}})
    UNION ALL
    SELECT 1 FROM {{target}} WHERE {{valid_to}} > CAST($previous_date AS {{validity_type}}) AND NOT {{is_open}}
  )
), __scd_older AS (
  SELECT {{target_key}}
  FROM {{target}} t
  SEMI JOIN (SELECT * FROM {{changes}} WHERE action <> 'U') c ON {{target_matches_change}}
  WHERE {{t_current}} AND t.{{valid_from}} < CAST($previous_date AS {{validity_type}})
), __scd_bounds AS (
  SELECT
    max(t.{{valid_to}}) FILTER (WHERE NOT {{t_current}}) AS __scd_last_to,
    max(t.{{valid_from}}) FILTER (WHERE {{t_current}}) AS __scd_current_from
  FROM {{target}} t
  SEMI JOIN __scd_older o ON {{target_matches_older}}
  GROUP BY {{target_key}}
)
SELECT
  __scd_current.n AS current_rows,
  coalesce({{current_duplicates}}, __scd_current.n - __scd_current.keys) AS duplicate_current,
  __scd_previous.n AS previous_rows,
  __scd_current.fingerprint = __scd_previous.fingerprint AS fingerprint_match,
  __scd_late.n AS late_bounds,
  (SELECT count(*) FROM __scd_bounds WHERE __scd_last_to > __scd_current_from) AS overlapping
FROM __scd_current, __scd_previous, __scd_late;
