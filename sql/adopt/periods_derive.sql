-- Ledger rows derived from a history's versions, for periods no apply recorded one by one: an adopted
-- dbt snapshot's, each dated by its dbt run (adopt/boundaries.sql). Each has its source rows and
-- fingerprint, bound as JSON, and the statistics its versions give (adopt/version_changes.sql).
INSERT INTO {{periods}} BY NAME
WITH __scd_periods AS (
  SELECT CAST(p AS BIGINT) AS p, CAST(d AS TIMESTAMP) AS d, CAST(n AS BIGINT) AS n, fp
  FROM (SELECT unnest(from_json(CAST($periods AS VARCHAR), '[{"p":"BIGINT","d":"VARCHAR","n":"BIGINT","fp":"VARCHAR"}]'), recursive := true))
), {{version_changes}}
SELECT
  $target AS target_table, p AS period, __scd_periods.d AS effective_date, CAST($applied_at AS TIMESTAMP) AS applied_at,
  n AS rows_read, coalesce(new_versions, 0) AS new_versions, coalesce(changed_versions, 0) AS changed_versions,
  coalesce(removed_versions, 0) AS removed_versions, fp AS fingerprint, $run_id AS run_id, CAST(NULL AS DOUBLE) AS seconds,
  $engine_version AS engine_version
FROM __scd_periods
LEFT JOIN __scd_changes ON __scd_changes.d = __scd_periods.d;
