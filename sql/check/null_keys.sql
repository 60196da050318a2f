SELECT count(*) AS violations, list({{key_display}} || ' @ ' || coalesce(CAST({{valid_from}} AS VARCHAR), 'NULL') ORDER BY {{valid_from}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{key_is_null}};
