-- Half-open intervals [from, to): an empty or inverted one is a violation, as is a missing start.
SELECT count(*) AS violations, list({{key_display}} ORDER BY {{key}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{valid_from}} IS NULL OR {{valid_to}} <= {{valid_from}};
