SELECT count(*) AS violations, list(dbt_scd_id ORDER BY dbt_scd_id)[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{key}} IS NULL;
