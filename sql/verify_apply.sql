-- The in-transaction check after one period's apply, cheap enough to run every period. The
-- current versions must be exactly the period's snapshot: the same count, one per key, and the
-- same fingerprint of key and tracked-column hash. No version may be mis-flagged, inverted or
-- bounded after the period. Current rows are filtered with WHERE, not FILTER: pushed into the
-- scan, that took 0.15 s at 13M versions where one pass with FILTER took 0.32 s.
WITH cur AS (
  SELECT
    count(*) AS current_rows,
    count(DISTINCT {{key_tuple}}) AS current_keys,
    coalesce(sum(hash({{key}}, {{hash}})), 0) AS fingerprint
  FROM {{target}}
  WHERE {{is_current}}
), flags AS (
  SELECT
    count(*) FILTER (WHERE {{is_current}} IS DISTINCT FROM ({{valid_to}} IS NULL)) AS flag_mismatch,
    count(*) FILTER (WHERE {{valid_to}} <= {{valid_from}}) AS inverted,
    count(*) FILTER (WHERE {{valid_from}} > CAST($effective_date AS {{validity_type}}) OR {{valid_to}} > CAST($effective_date AS {{validity_type}})) AS future_bounds
  FROM {{target}}
), snap AS (
  SELECT count(*) AS snapshot_rows, coalesce(sum(hash({{key}}, {{hash}})), 0) AS fingerprint
  FROM {{source}}
  WHERE {{period}} = $period
)
SELECT
  cur.current_rows - cur.current_keys AS duplicate_current,
  cur.current_rows,
  snap.snapshot_rows,
  cur.fingerprint = snap.fingerprint AS fingerprint_match,
  flags.flag_mismatch,
  flags.inverted,
  flags.future_bounds
FROM cur, flags, snap;
