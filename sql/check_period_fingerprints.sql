-- The live versions valid at each applied period's effective date are its snapshot: as many as its
-- rows, with the same fingerprint of key and tracked-column hash as the ledger recorded from the
-- source. What every apply checks of its period, for every period at once: a full refresh's check
-- in place of the row-by-row reconciliation, whose joins of every source row with the history cost
-- more than the rebuild itself. One scan sums the versions by their bounds, a few groups (pairs of
-- periods' dates in a sound history), which are then held against each period's date; expanding
-- each version into its periods (unnest) took twice as long.
WITH __scd_applied AS (
  SELECT period AS __scd_p, CAST(effective_date AS {{validity_type}}) AS __scd_d, rows_read AS __scd_n, fingerprint AS __scd_fp
  FROM {{periods}}
  WHERE target_table = $target
), __scd_bounds AS (
  SELECT
    {{valid_from}} AS __scd_from, CASE WHEN {{is_open}} THEN NULL ELSE {{valid_to}} END AS __scd_to,
    count(*) AS __scd_n, sum(hash({{key}}, {{hash}})) AS __scd_fp
  FROM {{target}}
  WHERE {{not_deleted}}
  GROUP BY ALL
), __scd_sums AS (
  SELECT a.__scd_p, sum(b.__scd_n) AS __scd_n, CAST(sum(b.__scd_fp) AS VARCHAR) AS __scd_fp
  FROM __scd_applied a
  JOIN __scd_bounds b ON b.__scd_from <= a.__scd_d AND (b.__scd_to IS NULL OR b.__scd_to > a.__scd_d)
  GROUP BY a.__scd_p
)
SELECT
  count(*) AS violations,
  list(CAST(a.__scd_p AS VARCHAR) || ': ' || CAST(coalesce(s.__scd_n, 0) AS VARCHAR) || ' versions for ' || CAST(a.__scd_n AS VARCHAR) || ' rows'
       || CASE WHEN coalesce(s.__scd_fp, '0') <> a.__scd_fp THEN ', fingerprint differs' ELSE '' END ORDER BY a.__scd_p)[1:{{limit}}] AS sample
FROM __scd_applied a
LEFT JOIN __scd_sums s ON s.__scd_p = a.__scd_p
WHERE coalesce(s.__scd_n, 0) <> a.__scd_n OR coalesce(s.__scd_fp, '0') <> a.__scd_fp;
