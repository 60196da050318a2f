-- The in-transaction check after one period's apply, cheap enough to run every period: one scan
-- of the history and one of the snapshot. The current versions must be exactly the period's
-- snapshot (same count, one per key, same fingerprint of key and tracked-column hash), and no version may
-- be inverted, mis-flagged or bounded after the period.
WITH history AS (
  SELECT
    count(*) FILTER (WHERE is_current_record) AS current_rows,
    count(DISTINCT {{key}}) FILTER (WHERE is_current_record) AS current_keys,
    coalesce(sum(hash({{key}}, {{hash}})) FILTER (WHERE is_current_record), 0) AS current_fingerprint,
    count(*) FILTER (WHERE is_current_record IS DISTINCT FROM (dbt_valid_to IS NULL)) AS flag_mismatch,
    count(*) FILTER (WHERE dbt_valid_to <= dbt_valid_from) AS inverted,
    count(*) FILTER (WHERE dbt_valid_from > CAST($effective_date AS DATE) OR dbt_valid_to > CAST($effective_date AS DATE)) AS future_bounds
  FROM {{target}}
), snap AS (
  SELECT count(*) AS snapshot_rows, coalesce(sum(hash({{key}}, {{hash}})), 0) AS snapshot_fingerprint
  FROM {{source}}
  WHERE {{period}} = $period
)
SELECT
  current_rows - current_keys AS duplicate_current,
  current_rows,
  snapshot_rows,
  current_fingerprint = snapshot_fingerprint AS fingerprint_match,
  flag_mismatch,
  inverted,
  future_bounds
FROM history, snap;
