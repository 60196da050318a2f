-- Versions valid at each applied period's effective date must be as many as the period's rows;
-- with the row check this makes the two sets equal.
WITH applied AS (
  SELECT period, effective_date FROM {{periods}} WHERE target_table = $target
), expected AS (
  SELECT CAST({{period}} AS BIGINT) AS period, count(*) AS n FROM {{source}} GROUP BY 1
), actual AS (
  SELECT a.period, count(h.{{valid_from}}) AS n
  FROM applied a
  LEFT JOIN {{target}} h
    ON h.{{valid_from}} <= a.effective_date AND (h.{{valid_to}} IS NULL OR h.{{valid_to}} > a.effective_date)
  GROUP BY a.period
)
SELECT
  count(*) AS violations,
  list(CAST(actual.period AS VARCHAR) || ': ' || CAST(actual.n AS VARCHAR) || ' versions, ' || CAST(coalesce(expected.n, 0) AS VARCHAR) || ' rows' ORDER BY actual.period)[1:{{limit}}] AS sample
FROM actual
LEFT JOIN expected ON expected.period = actual.period
WHERE actual.n <> coalesce(expected.n, 0);
