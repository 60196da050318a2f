-- The rows valid at each applied period's effective date, as as_of.sql selects them (tombstones left
-- out): the rows current at the end of the period. Counted from the versions grouped by their bounds,
-- so one scan of the history however many periods it has, and a join of a few groups per period.
WITH __scd_bounds AS (
  SELECT
    CAST({{valid_from}} AS TIMESTAMP) AS opened,
    CASE WHEN {{is_open}} THEN NULL ELSE CAST({{valid_to}} AS TIMESTAMP) END AS closed,
    count(*) AS n
  FROM {{target}}
  WHERE {{not_deleted}}
  GROUP BY ALL
)
SELECT l.period, coalesce(sum(b.n), 0) AS current_rows
FROM {{periods}} l
LEFT JOIN __scd_bounds b ON b.opened <= l.effective_date AND (b.closed IS NULL OR b.closed > l.effective_date)
WHERE l.target_table = $target
GROUP BY l.period
ORDER BY l.period;
