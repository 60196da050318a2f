-- With new_record: a tombstone follows a version, never another tombstone (dbt-adapters #654,
-- #1240 duplicated them on every run) and never starts a key's history.
SELECT count(*) AS violations, list(k ORDER BY k)[1:{{limit}}] AS sample
FROM (
  SELECT
    {{key_display}} || ' @ ' || CAST({{valid_from}} AS VARCHAR) AS k,
    {{deleted}} AS __deleted,
    lag({{deleted}}) OVER (PARTITION BY {{key}} ORDER BY {{valid_from}}) AS __previous_deleted
  FROM {{target}}
)
WHERE __deleted AND coalesce(__previous_deleted, true);
