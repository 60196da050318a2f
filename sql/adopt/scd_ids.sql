-- The versions of a dbt snapshot to adopt whose dbt_scd_id another version shares, or that have
-- none: dbt merges its runs on it, and so a shared one would close or update the wrong version.
SELECT count(*) AS violations, coalesce(list(__scd_row ORDER BY __scd_row)[1:{{limit}}], []) AS sample
FROM (
  SELECT
    {{key_display}} || ' from ' || CAST({{valid_from}} AS VARCHAR) || ' (' || coalesce({{scd_id}}, 'NULL') || ')'
      AS __scd_row,
    {{scd_id}} IS NULL OR count(*) OVER (PARTITION BY {{scd_id}}) > 1 AS __scd_bad
  FROM {{target}}
)
WHERE __scd_bad;
