-- Versions start and end only at applied periods' effective dates: any other bound was set by no period.
-- The date is renamed so that no history column can shadow it.
WITH __scd_applied AS (
  SELECT effective_date AS __scd_date FROM {{periods}} WHERE target_table = $target
)
SELECT
  count(*) AS violations,
  list({{key_display}} || ' @ [' || coalesce(CAST({{valid_from}} AS VARCHAR), 'NULL') || ', ' || coalesce(CAST({{valid_to}} AS VARCHAR), 'NULL') || ')' ORDER BY {{key}}, {{valid_from}})[1:{{limit}}] AS sample
FROM {{target}}
WHERE {{valid_from}} IS NULL
  OR {{valid_from}} NOT IN (SELECT __scd_date FROM __scd_applied)
  OR (NOT {{is_open}} AND {{valid_to}} NOT IN (SELECT __scd_date FROM __scd_applied));
