-- diff: the keys' states at two applied periods ($from, $to), paired by key. A period's state is
-- the versions valid at its effective date, as in as_of.sql: validity is [from, to), the open end
-- NULL or dbt_valid_to_current, tombstones left out; a key without such a version is not in it.
-- The dates are the ledger's, so the source is never read (it may be gone). A key present in both
-- changed when any tracked value differs, compared in its own type (not as text); the values
-- travel on as text, one list per side, in the order of the tracked columns.
__scd_dates AS (
  SELECT
    (SELECT l.effective_date FROM {{periods}} l WHERE l.target_table = $target AND l.period = $from)
      AS __scd_from_date,
    (SELECT l.effective_date FROM {{periods}} l WHERE l.target_table = $target AND l.period = $to)
      AS __scd_to_date
), __scd_from AS (
  SELECT {{history_key_as_exchange}}, {{history_tracked}}
  FROM {{target}} h, __scd_dates d
  WHERE h.{{valid_from}} <= d.__scd_from_date AND ({{h_is_open}} OR h.{{valid_to}} > d.__scd_from_date)
    AND {{h_not_deleted}}
), __scd_to AS (
  SELECT {{history_key_as_exchange}}, {{history_tracked}}
  FROM {{target}} h, __scd_dates d
  WHERE h.{{valid_from}} <= d.__scd_to_date AND ({{h_is_open}} OR h.{{valid_to}} > d.__scd_to_date)
    AND {{h_not_deleted}}
), __scd_paired AS (
  SELECT
    {{paired_key}},
    f.k0 IS NULL AS __scd_entered,
    t.k0 IS NULL AS __scd_left,
    {{paired_was}} AS __scd_was,
    {{paired_now}} AS __scd_now,
    {{paired_differs}} AS __scd_differs
  FROM __scd_from f FULL OUTER JOIN __scd_to t ON {{paired_join}}
), __scd_pairs AS (
  SELECT *, NOT __scd_entered AND NOT __scd_left AND list_bool_or(__scd_differs) AS __scd_changed
  FROM __scd_paired
)
