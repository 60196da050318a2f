-- The in-transaction check after a rewind: the current versions must be exactly what the kept
-- period recorded (its row count and fingerprint of key and tracked values), one per key, and no
-- version may be mis-flagged or bounded after its date.
WITH __scd_cur AS (
  SELECT count(*) AS current_rows, count(DISTINCT {{key_tuple}}) AS current_keys,
    {{row_fingerprint}} AS fingerprint
  FROM {{target}}
  WHERE {{live}}
), __scd_flags AS (
  SELECT
    count(*) FILTER (WHERE {{flag_mismatch}}) AS flag_mismatch,
    count(*) FILTER (WHERE {{valid_from}} > {{effective_at}} OR (NOT {{is_open}} AND {{valid_to}} > {{effective_at}})) AS future_bounds
  FROM {{target}}
)
SELECT
  __scd_cur.current_rows,
  coalesce({{current_duplicates}}, __scd_cur.current_rows - __scd_cur.current_keys) AS duplicate_current,
  CAST(__scd_cur.fingerprint AS VARCHAR) AS fingerprint,
  __scd_flags.flag_mismatch,
  __scd_flags.future_bounds
FROM __scd_cur, __scd_flags;
