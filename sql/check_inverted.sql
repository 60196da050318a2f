-- Half-open intervals [from, to): an empty or inverted one is a violation, as is a missing start.
SELECT count(*) AS violations, list(CAST({{key}} AS VARCHAR) ORDER BY {{key}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE dbt_valid_from IS NULL OR dbt_valid_to <= dbt_valid_from;
