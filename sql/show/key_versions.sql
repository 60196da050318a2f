-- show: one key's versions in validity order. Validity as text, an open end as NULL whether NULL or
-- dbt_valid_to_current marks it. A version is new (the key's first), changed (it follows the
-- version it closed), returned (after a gap or a tombstone) or deleted (a tombstone). What changed
-- is each tracked value against the version before: a tombstone copies the version it closes, so
-- a return compares with the key's last live values.
SELECT
  {{key_as_exchange}},
  CAST({{valid_from}} AS VARCHAR) AS valid_from,
  CASE WHEN {{is_open}} THEN NULL ELSE CAST({{valid_to}} AS VARCHAR) END AS valid_to,
  {{is_open}} AS open,
  CASE
    WHEN NOT ({{not_deleted}}) THEN 'deleted'
    WHEN lag({{valid_from}}) OVER __scd_w IS NULL THEN 'new'
    WHEN NOT lag({{not_deleted}}) OVER __scd_w OR lag({{valid_to}}) OVER __scd_w IS DISTINCT FROM {{valid_from}}
      THEN 'returned'
    ELSE 'changed'
  END AS kind,
  {{tracked_changed}} AS changed,
  {{history_tracked}}
FROM {{target}} h
WHERE {{key_matches}}
WINDOW __scd_w AS (ORDER BY {{valid_from}}, NOT ({{not_deleted}}))
ORDER BY {{valid_from}}, NOT ({{not_deleted}});
