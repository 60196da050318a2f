-- The in-transaction check after one period's apply. Cheap enough to run every period: the
-- current versions must be exactly the period's snapshot (same count, one per key, same
-- fingerprint of key and record hash), and no version may be inverted, future or mis-flagged.
WITH cur AS (
  SELECT {{key}} AS k, record_hash AS h FROM {{target}} WHERE is_current_record
), snap AS (
  SELECT {{key}} AS k, {{hash}} AS h FROM {{source}} WHERE {{period}} = $period
)
SELECT
  (SELECT count(*) - count(DISTINCT k) FROM cur) AS duplicate_current,
  (SELECT count(*) FROM cur) AS current_rows,
  (SELECT count(*) FROM snap) AS snapshot_rows,
  (SELECT coalesce(sum(hash(k, h)), 0) FROM cur) = (SELECT coalesce(sum(hash(k, h)), 0) FROM snap) AS fingerprint_match,
  (SELECT count(*) FROM {{target}} WHERE is_current_record IS DISTINCT FROM (dbt_valid_to IS NULL)) AS flag_mismatch,
  (SELECT count(*) FROM {{target}} WHERE dbt_valid_to <= dbt_valid_from) AS inverted,
  (SELECT count(*) FROM {{target}} WHERE dbt_valid_from > CAST($effective_date AS DATE) OR dbt_valid_to > CAST($effective_date AS DATE)) AS future_bounds;
