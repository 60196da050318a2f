-- Each version must end no later than the next version of the same key starts.
SELECT count(*) AS violations, list(k ORDER BY k)[1:{{limit}}] AS sample
FROM (
  SELECT
    CAST({{key}} AS VARCHAR) AS k,
    dbt_valid_to,
    lead(dbt_valid_from) OVER (PARTITION BY {{key}} ORDER BY dbt_valid_from, dbt_valid_to NULLS LAST) AS next_from
  FROM {{target}}
)
WHERE next_from IS NOT NULL AND (dbt_valid_to IS NULL OR dbt_valid_to > next_from);
