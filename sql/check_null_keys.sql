SELECT count(*) AS violations, list({{scd_id}} ORDER BY {{scd_id}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{key_is_null}};
