-- Keys that are NULL or repeat within one period. Run for every period of a run before anything is
-- written, so that bad input in the last period cannot leave the first ones applied.
SELECT period, k, n
FROM (
  SELECT CAST({{period}} AS BIGINT) AS period, CAST({{key}} AS VARCHAR) AS k, count(*) AS n
  FROM {{source}}
  WHERE {{period}} = $period
  GROUP BY {{period}}, {{key}}
  HAVING count(*) > 1 OR {{key}} IS NULL
)
ORDER BY k IS NOT NULL, period, k
LIMIT {{limit}};
