-- NULL keys (any key column NULL) and keys repeated within one period. Run for every period of a
-- run before anything is written, so that bad input in the last period cannot leave the first ones
-- applied.
WITH __scd_grouped AS (
  SELECT {{key_display}} AS k, {{key_is_null}} AS is_null, count(*) AS n
  FROM {{source}}
  WHERE {{period}} = $period
  GROUP BY {{key}}
)
SELECT
  coalesce(sum(n) FILTER (WHERE is_null), 0) AS null_rows,
  coalesce((list({'k': k, 'n': n} ORDER BY k) FILTER (WHERE NOT is_null AND n > 1))[1:{{limit}}], []) AS repeated
FROM __scd_grouped;
