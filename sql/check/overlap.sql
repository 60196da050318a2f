-- Each version must end no later than the next version of the same key starts.
SELECT count(*) AS violations, list(k ORDER BY k)[1:{{limit}}] AS sample
FROM (
  SELECT
    {{key_display}} AS k,
    {{valid_to}} AS __to,
    lead({{valid_from}}) OVER (PARTITION BY {{key}} ORDER BY {{valid_from}}, {{valid_to}} NULLS LAST) AS __next_from
  FROM {{target}}
)
WHERE __next_from IS NOT NULL AND (__to IS NULL OR __to > __next_from);
