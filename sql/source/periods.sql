-- A period's effective date is the latest effective date of its rows, so that every version of
-- the period shares one validity bound and reconciliation at that date is exact.
SELECT
  -- As text, so that a period outside JavaScript's safe integers is seen exactly and refused.
  -- Ordered by position: a period column named like an output column would order by the text.
  {{period}} AS __scd_order,
  CAST({{period}} AS VARCHAR) AS period,
  CAST(max({{effective_date}}) AS VARCHAR) AS effective_date,
  count(*) AS row_count,
  -- The fingerprint the ledger records when the period is applied (source/fingerprint.sql), or
  -- NULL: only applied periods are compared with it.
  {{fingerprint}} AS fingerprint
FROM {{source}}
GROUP BY {{period}}
ORDER BY 1;
