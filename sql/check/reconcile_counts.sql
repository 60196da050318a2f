-- Versions valid at each applied period's effective date must be as many as the period's rows;
-- with the row check this makes the two sets equal.
WITH __scd_applied AS (
  SELECT period, effective_date FROM {{periods}}
  WHERE target_table = $target AND (CAST($through AS BIGINT) IS NULL OR period <= CAST($through AS BIGINT))
), __scd_expected AS (
  SELECT CAST({{period}} AS BIGINT) AS period, count(*) AS n FROM {{source}} GROUP BY 1
), __scd_valid AS (
  -- Tombstones are not counted; with hard deletes ignored, only versions of the period's keys.
  SELECT a.period
  FROM __scd_applied a
  JOIN {{target}} h
    ON h.{{valid_from}} <= a.effective_date AND ({{h_is_open}} OR h.{{valid_to}} > a.effective_date)
  WHERE {{h_not_deleted}} {{applied_snapshot_only}}
), __scd_actual AS (
  SELECT a.period, count(v.period) AS n
  FROM __scd_applied a
  LEFT JOIN __scd_valid v ON v.period = a.period
  GROUP BY a.period
)
SELECT
  count(*) AS violations,
  list(CAST(__scd_actual.period AS VARCHAR) || ': ' || CAST(__scd_actual.n AS VARCHAR) || ' versions, ' || CAST(coalesce(__scd_expected.n, 0) AS VARCHAR) || ' rows' ORDER BY __scd_actual.period)[1:{{limit}}] AS sample
FROM __scd_actual
LEFT JOIN __scd_expected ON __scd_expected.period = __scd_actual.period
WHERE __scd_actual.n <> coalesce(__scd_expected.n, 0);
