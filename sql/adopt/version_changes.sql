-- Per-date statistics derived from a history's versions: a version opened and one closed at the
-- same date for the same key is a change; opened only is new; closed only removed. Counted from the
-- versions opened and closed at each date (one scan, grouped by their bounds) and the changes among
-- them, found by a semi-join: 3.3 s at 1M employees x 10 years (12.9M versions) where a full
-- outer join of the opened and the closed took 4.1 s.
__scd_bounds AS (
  SELECT CAST({{valid_from}} AS TIMESTAMP) AS opened, CASE WHEN {{is_open}} THEN NULL ELSE CAST({{valid_to}} AS TIMESTAMP) END AS closed, count(*) AS n
  FROM {{target}}
  WHERE {{not_deleted}}
  GROUP BY ALL
), __scd_changed AS (
  SELECT CAST(h.{{valid_from}} AS TIMESTAMP) AS d, count(*) AS n
  FROM {{target}} h
  WHERE {{h_not_deleted}} AND EXISTS (SELECT 1 FROM {{target}} t WHERE t.{{valid_to}} = h.{{valid_from}} AND {{target_key_is_history_key}} AND {{t_not_deleted}})
  GROUP BY 1
), __scd_dated AS (
  SELECT opened AS d, n AS opened_n, 0 AS closed_n FROM __scd_bounds
  UNION ALL
  SELECT closed, 0, n FROM __scd_bounds WHERE closed IS NOT NULL
), __scd_changes AS (
  SELECT
    d,
    sum(opened_n) - coalesce(any_value(__scd_changed.n), 0) AS new_versions,
    coalesce(any_value(__scd_changed.n), 0) AS changed_versions,
    sum(closed_n) - coalesce(any_value(__scd_changed.n), 0) AS removed_versions
  FROM __scd_dated
  LEFT JOIN __scd_changed USING (d)
  GROUP BY d
)
