-- One tracked column's $top most frequent transitions per date (ties in the values' order), each
-- with the date's count of changes of the column; a part of history_transitions.sql.
SELECT
  {{column_index}} AS column_index, __scd_from, CAST({{before}} AS VARCHAR) AS __scd_before,
  CAST({{after}} AS VARCHAR) AS __scd_after, versions, changes, __scd_rank
FROM (
  SELECT
    __scd_from, {{before}}, {{after}}, count(*) AS versions,
    sum(count(*)) OVER (PARTITION BY __scd_from) AS changes,
    row_number() OVER (PARTITION BY __scd_from ORDER BY count(*) DESC, {{before}}, {{after}}) AS __scd_rank
  FROM __scd_pairs
  WHERE {{before}} IS DISTINCT FROM {{after}}
  GROUP BY __scd_from, {{before}}, {{after}}
  QUALIFY __scd_rank <= CAST($top AS BIGINT)
)
