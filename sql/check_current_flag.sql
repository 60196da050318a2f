-- A version is current exactly when its interval is open.
SELECT count(*) AS violations, list(CAST({{key}} AS VARCHAR) ORDER BY {{key}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE is_current_record IS NULL OR is_current_record <> (dbt_valid_to IS NULL);
