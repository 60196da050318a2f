-- The live versions valid at each applied period's effective date are its snapshot: as many as its
-- rows, with the same fingerprint of key and tracked-column hash as the ledger recorded from the
-- source (with hard deletes ignored, the versions of its keys). What every apply checks of its
-- period, for every period at once: a full refresh's check in place of the row-by-row reconciliation,
-- whose joins of every source row with the history cost more than the rebuild itself. Each version is
-- expanded into the periods it is valid at by their indexes, so no join here is larger than the
-- periods; a version bounded at a date that is no period's is left out (unapplied_bounds names it).
WITH __scd_applied AS (
  SELECT
    period AS __scd_p, CAST(effective_date AS {{validity_type}}) AS __scd_d, rows_read AS __scd_n, fingerprint AS __scd_fp,
    row_number() OVER (ORDER BY period) AS __scd_i
  FROM {{periods}}
  WHERE target_table = $target
), __scd_spans AS (
  SELECT
    {{key}}, {{hash}} AS __scd_h, f.__scd_i AS __scd_first,
    -- An open version is valid up to the last period; NULL (no period's date) expands to nothing.
    CASE WHEN {{h_is_open}} THEN (SELECT count(*) + 1 FROM __scd_applied) ELSE t.__scd_i END AS __scd_end
  FROM {{target}} h
  JOIN __scd_applied f ON f.__scd_d = h.{{valid_from}}
  LEFT JOIN __scd_applied t ON t.__scd_d = h.{{valid_to}}
  WHERE {{h_not_deleted}}
), __scd_valid AS (
  SELECT {{key}}, __scd_h, unnest(range(__scd_first, __scd_end)) AS __scd_i FROM __scd_spans
), __scd_sums AS (
  SELECT a.__scd_p, count(*) AS __scd_n, CAST(sum(hash({{key}}, __scd_h)) AS VARCHAR) AS __scd_fp
  FROM __scd_valid v
  JOIN __scd_applied a ON a.__scd_i = v.__scd_i
  WHERE true {{valid_snapshot_only}}
  GROUP BY a.__scd_p
)
SELECT
  count(*) AS violations,
  list(CAST(a.__scd_p AS VARCHAR) || ': ' || CAST(coalesce(s.__scd_n, 0) AS VARCHAR) || ' versions for ' || CAST(a.__scd_n AS VARCHAR) || ' rows'
       || CASE WHEN coalesce(s.__scd_fp, '0') <> a.__scd_fp THEN ', fingerprint differs' ELSE '' END ORDER BY a.__scd_p)[1:{{limit}}] AS sample
FROM __scd_applied a
LEFT JOIN __scd_sums s ON s.__scd_p = a.__scd_p
WHERE coalesce(s.__scd_n, 0) <> a.__scd_n OR coalesce(s.__scd_fp, '0') <> a.__scd_fp;
