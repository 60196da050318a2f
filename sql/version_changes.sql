-- Per-date statistics derived from a history's versions: a version opened and one closed at the
-- same date for the same key is a change; opened only is new; closed only removed.
__scd_opened AS (
  SELECT CAST({{valid_from}} AS TIMESTAMP) AS d, {{key_as_exchange}} FROM {{target}} WHERE {{not_deleted}}
), __scd_closed AS (
  SELECT CAST({{valid_to}} AS TIMESTAMP) AS d, {{key_as_exchange}} FROM {{target}} WHERE NOT {{is_open}} AND {{not_deleted}}
), __scd_changes AS (
  SELECT
    coalesce(s.d, c.d) AS d,
    count(*) FILTER (WHERE c.d IS NULL) AS new_versions,
    count(*) FILTER (WHERE s.d IS NOT NULL AND c.d IS NOT NULL) AS changed_versions,
    count(*) FILTER (WHERE s.d IS NULL) AS removed_versions
  FROM __scd_opened s
  FULL OUTER JOIN __scd_closed c ON s.d = c.d AND {{exchange_join}}
  GROUP BY 1
)
