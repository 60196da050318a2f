-- The times an adopted dbt snapshot's versions start or end at, in order: one for each dbt
-- snapshot run that changed something. The k-th is taken to be the k-th source period's date,
-- which the in-transaction check then proves period by period.
SELECT {{boundary_text}} AS effective_date
FROM (
  SELECT CAST({{valid_from}} AS TIMESTAMP) AS __scd_at FROM {{target}}
  UNION
  SELECT CAST({{valid_to}} AS TIMESTAMP) FROM {{target}} WHERE NOT {{is_open}}
)
WHERE __scd_at IS NOT NULL
ORDER BY __scd_at;
