-- Every version must be valid at some applied period's effective date: one valid at none was made
-- by no period. The first applied date on or after dbt_valid_from must fall before dbt_valid_to.
-- The date is renamed so that no history column can shadow it.
WITH __scd_applied AS (
  SELECT effective_date AS __scd_date FROM {{periods}} WHERE target_table = $target
), __scd_versions AS (
  SELECT {{key}}, {{valid_from}}, {{valid_to}}, __scd_date
  FROM {{target}} h
  ASOF LEFT JOIN __scd_applied a ON h.{{valid_from}} <= a.__scd_date
)
SELECT
  count(*) AS violations,
  list({{key_display}} || ' @ [' || coalesce(CAST({{valid_from}} AS VARCHAR), 'NULL') || ', ' || coalesce(CAST({{valid_to}} AS VARCHAR), 'NULL') || ')' ORDER BY {{key}}, {{valid_from}})[1:{{limit}}] AS sample
FROM __scd_versions
WHERE __scd_date IS NULL OR __scd_date >= {{valid_to}};
