-- A version is current exactly when its interval is open.
SELECT count(*) AS violations, list({{key_display}} ORDER BY {{key}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{is_current}} IS NULL OR {{is_current}} <> ({{valid_to}} IS NULL);
