-- The versions valid at an applied period's effective date, with the source's columns: the
-- period's snapshot. Tombstones are left out; with hard deletes ignored, removed keys keep a
-- current version and are included. The date is the ledger's; a period not applied is an error
-- naming the applied ones, never an empty result. Every column is qualified and the ledger's are
-- renamed, so that no history or ledger column can shadow the macro's parameter (DuckDB refuses
-- an unqualified name that is both). The same text is the as-of macro's body and the as-of
-- command's query ({{as_of_period}}: the macro's parameter, or $period).
WITH __scd_ledger AS (
  SELECT l.period AS __scd_period, l.effective_date AS __scd_date FROM {{periods}} l WHERE l.target_table = {{target_key}}
), __scd_wanted AS (
  SELECT {{as_of_period}} AS __scd_period
), __scd_as_of AS (
  SELECT CASE WHEN count(l.__scd_date) = 1 THEN max(l.__scd_date) ELSE error(
      'period ' || CAST(w.__scd_period AS VARCHAR) || ' is not applied to ' || {{target_text}} || ' (applied: '
      || coalesce((SELECT string_agg(CAST(a.__scd_period AS VARCHAR), ', ' ORDER BY a.__scd_period) FROM __scd_ledger a), 'none') || ')'
    ) END AS __scd_date
  FROM __scd_wanted w LEFT JOIN __scd_ledger l ON l.__scd_period = w.__scd_period
  GROUP BY w.__scd_period
)
SELECT {{as_of_columns}}
FROM {{as_of_target}} h, __scd_as_of d
WHERE h.{{valid_from}} <= d.__scd_date AND ({{h_is_open}} OR h.{{valid_to}} > d.__scd_date) AND {{h_not_deleted}}
