-- A version is current exactly when its interval is open.
SELECT count(*) AS violations, list({{key_display}} ORDER BY {{key}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{flag_mismatch}};
